import { isAbsolute, resolve } from 'node:path';
import { RuleValidationError } from '../errors';
import { defaultDetectors } from './default-detectors';
import { cisRules } from './packs/cis';
import { threatRules } from './packs/threats';
import { loadRuleFile } from './rule-file';
import type { RuleFileLimits } from './rule-limits';
import type { Detector, Rule } from './types';

/** Names of the built-in packs. */
export type RulePackName = 'cis' | 'threats' | 'all';

/** The built-in pack names, for help texts. */
export const RULE_PACK_NAMES: readonly RulePackName[] = ['cis', 'threats', 'all'];

/**
 * A built-in pack, as fresh objects (stateful detectors get new state on each call):
 * - `cis`: {@link cisRules} (15 rules);
 * - `threats`: {@link threatRules} plus {@link defaultDetectors} (thresholds and the rate anomaly detector);
 * - `all`: both.
 * @throws RuleValidationError for an unknown name.
 */
export function rulePack(name: RulePackName): Array<Rule | Detector> {
  switch (name) {
    case 'cis':
      return cisRules();
    case 'threats':
      return [...threatRules(), ...defaultDetectors()];
    case 'all':
      return [...cisRules(), ...threatRules(), ...defaultDetectors()];
    default:
      throw new RuleValidationError(
        'rule packs',
        `unknown rule pack "${String(name)}" (known: ${RULE_PACK_NAMES.join(', ')})`,
      );
  }
}

/** Options of {@link loadRules}. */
export interface LoadRulesOptions {
  /** Directory that relative file paths resolve against (default `process.cwd()`). */
  cwd?: string;
  /** Limits on each rules file: size, rule count, patterns (defaults in `DEFAULT_RULE_FILE_LIMITS`). */
  limits?: RuleFileLimits;
}

/**
 * Load rules from a spec such as `cis,threats,./my-rules.yaml`: comma-separated pack names (`cis`,
 * `threats`, `all`) and rules files (`.yaml`, `.yml`, `.json`). Duplicate rule ids are an error. Each file is
 * held to `options.limits` (see `loadRuleFile`).
 * @throws RuleValidationError for an unknown name, an unreadable, invalid or too large file, or a duplicate id.
 */
export async function loadRules(
  spec: string,
  options: LoadRulesOptions = {},
): Promise<Array<Rule | Detector>> {
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0)
    throw new RuleValidationError('rules spec', 'empty: give pack names or rules files');
  const out: Array<Rule | Detector> = [];
  const fromPacks = new Set<string>();
  for (const part of parts) {
    if ((RULE_PACK_NAMES as readonly string[]).includes(part)) {
      // packs may overlap (`cis,all`): keep the first copy of a built-in rule
      for (const r of rulePack(part as RulePackName)) {
        if (fromPacks.has(r.id)) continue;
        fromPacks.add(r.id);
        out.push(r);
      }
    } else if (/\.(ya?ml|json)$/i.test(part) || part.includes('/') || part.includes('\\')) {
      const path = isAbsolute(part) ? part : resolve(options.cwd ?? process.cwd(), part);
      // one by one: a spread of a user-sized array into push() overflows the call stack
      for (const r of await loadRuleFile(path, { limits: options.limits })) out.push(r);
    } else {
      throw new RuleValidationError(
        'rules spec',
        `unknown rule pack "${part}" (known: ${RULE_PACK_NAMES.join(', ')}, or a .yaml/.yml/.json file)`,
      );
    }
  }
  const seen = new Set<string>();
  for (const r of out) {
    if (seen.has(r.id))
      throw new RuleValidationError('rules spec', `rule id "${r.id}" appears twice in "${spec}"`);
    seen.add(r.id);
  }
  return out;
}
