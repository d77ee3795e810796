/** `trailkit rules list` and `trailkit rules test`: what the rules are, and whether their tests pass. */
import {
  type Detector,
  loadRules,
  type Rule,
  type RuleMeta,
  type RuleTestResult,
  ruleMeta,
  runRuleTests,
  toDetectors,
} from '@trailkit/core';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT, UsageError } from './errors';
import { type CliIo, writeText } from './io';
import { attackText } from './render';
import { renderTable } from './table';

/** Options of `trailkit rules list`. */
export interface RulesListOptions {
  rules: string;
  format: 'table' | 'json';
  strict?: boolean;
}

/** One row of `rules list`. */
export interface RuleListing {
  id: string;
  title: string;
  severity: string;
  attack?: RuleMeta['attack'];
  /** The pack (`cis`, `threats`) or the rules file. */
  source: string;
  /** The `eventName`s the rule needs (any of them), or undefined: any event. */
  eventNames?: readonly string[];
  /** The `eventSource`s the rule needs (any of them), or undefined. */
  eventSources?: readonly string[];
}

function listing(item: Rule | Detector): RuleListing {
  const [detector] = toDetectors(item);
  const meta: RuleMeta =
    'process' in item ? (item.meta ?? { id: item.id, title: item.id, severity: 'info' }) : ruleMeta(item);
  const out: RuleListing = {
    id: meta.id,
    title: meta.title,
    severity: meta.severity,
    source: meta.source ?? '-',
  };
  if (meta.attack) out.attack = meta.attack;
  if (detector?.eventNames) out.eventNames = detector.eventNames;
  if (detector?.eventSources) out.eventSources = detector.eventSources;
  return out;
}

/** `trailkit rules list`: resolves with the exit code. */
export async function rulesList(o: RulesListOptions, io: CliIo): Promise<number> {
  const skipped: string[] = [];
  const rules = await loadRules(o.rules, {
    ...(o.strict !== undefined && { strict: o.strict }),
    onSkipped: (e) => skipped.push(e.message),
  });
  for (const s of skipped) await writeText(io.stderr, `trailkit: skipped ${s}\n`);
  const rows = rules.map(listing);
  if (o.format === 'json') {
    await writeText(io.stdout, `${JSON.stringify({ rules: rows, skipped }, null, 2)}\n`);
    return EXIT.OK;
  }
  const table = renderTable(
    [
      { header: 'ID', max: 48 },
      { header: 'SEVERITY', max: 8 },
      { header: 'ATT&CK', max: 24 },
      { header: 'SOURCE', max: 40 },
      { header: 'NEEDS', max: 60 },
      { header: 'TITLE', max: 80 },
    ],
    rows.map((r) => [
      r.id,
      r.severity.toUpperCase(),
      attackText(r.attack),
      r.source.replace(/^.*[\\/]/, ''),
      needs(r),
      r.title,
    ]),
  );
  const tail = skipped.length > 0 ? `, ${skipped.length} skipped (unsupported)` : '';
  await writeText(io.stdout, `${table}${rows.length} rules${tail}\n`);
  return EXIT.OK;
}

function needs(r: RuleListing): string {
  const parts: string[] = [];
  if (r.eventSources) parts.push(r.eventSources.map((s) => s.replace('.amazonaws.com', '')).join('|'));
  if (r.eventNames) parts.push(r.eventNames.join('|'));
  return parts.length > 0 ? parts.join(': ') : 'any event';
}

/** Options of `trailkit rules test`. */
export interface RulesTestOptions {
  format: 'table' | 'json';
}

/** The rules files of the arguments: files as given, folders as every `.yaml`/`.yml`/`.json` inside. */
async function ruleFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      out.push(path);
      continue;
    }
    const inside = (await readdir(path, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name))
      .map((e) => join((e as { parentPath?: string }).parentPath ?? e.path, e.name))
      .sort();
    out.push(...inside);
  }
  return out;
}

/**
 * `trailkit rules test <files or folders...>`: exit 0 when every test passes, 1 when one fails, 2 when there
 * are none.
 */
export async function rulesTest(files: readonly string[], o: RulesTestOptions, io: CliIo): Promise<number> {
  const results: RuleTestResult[] = [];
  for (const file of await ruleFiles(files)) for (const r of await runRuleTests(file)) results.push(r);
  if (results.length === 0)
    throw new UsageError(`no rule tests in ${files.join(', ')} (add "tests:" to a rule)`);
  const failed = results.filter((r) => !r.passed);
  if (o.format === 'json') {
    await writeText(
      io.stdout,
      `${JSON.stringify({ passed: results.length - failed.length, failed: failed.length, results }, null, 2)}\n`,
    );
  } else {
    const lines = results.map(
      (r) =>
        `${r.passed ? 'PASS' : 'FAIL'}  ${r.ruleId}  ${r.name}: expected ${r.expect ? 'a finding' : 'no finding'}, got ${r.findings}`,
    );
    await writeText(
      io.stdout,
      `${lines.join('\n')}\n${results.length - failed.length} passed, ${failed.length} failed\n`,
    );
  }
  return failed.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}
