import type { TrailEvent } from '../event/trail-event';
import { loadRuleFile } from './rule-file';
import type { RuleFileLimits } from './rule-limits';
import { toDetectors } from './to-detector';
import type { Detector, Rule } from './types';

/** The outcome of one rule test. */
export interface RuleTestResult {
  file: string;
  ruleId: string;
  title: string;
  /** The test's name (`test #<n>` when it has none). */
  name: string;
  /** What the test expects: at least one finding (`true`) or none (`false`). */
  expect: boolean;
  /** Findings the rule raised on the test's events (including `flush`). */
  findings: number;
  passed: boolean;
}

/** Options of {@link runRuleTests}. */
export interface RunRuleTestsOptions {
  /** Limits on the rules file (see `loadRuleFile`). */
  limits?: RuleFileLimits;
}

function titleOf(r: Rule | Detector): string {
  return 'process' in r ? (r.meta?.title ?? r.id) : r.title;
}

/**
 * Run the tests a rules file carries (`tests:` on a trailkit rule, or at the top of a Sigma rule): for each
 * test, a fresh copy of the rule (no state from other tests) sees the test's events in order, then is
 * flushed; the test passes when it raised a finding exactly when `expect` is true.
 * @throws RuleValidationError when the file cannot be loaded.
 */
export async function runRuleTests(
  file: string,
  options: RunRuleTestsOptions = {},
): Promise<RuleTestResult[]> {
  const load = () => loadRuleFile(file, options.limits ? { limits: options.limits } : {});
  const rules = await load();
  const results: RuleTestResult[] = [];
  for (let i = 0; i < rules.length; i++) {
    const tests = (rules[i] as Rule | Detector).tests ?? [];
    for (let t = 0; t < tests.length; t++) {
      const test = tests[t]!;
      // a fresh copy for each test: thresholds start empty
      const fresh = (await load())[i] as Rule | Detector;
      const [detector] = toDetectors(fresh);
      let findings = 0;
      for (const event of test.events) findings += detector!.process(event as TrailEvent)?.length ?? 0;
      findings += detector!.flush?.().length ?? 0;
      results.push({
        file,
        ruleId: fresh.id,
        title: titleOf(fresh),
        name: test.name ?? `test #${t + 1}`,
        expect: test.expect,
        findings,
        passed: test.expect ? findings > 0 : findings === 0,
      });
    }
  }
  return results;
}
