import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { RuleValidationError } from '../errors';
import { defaultDetectors } from './default-detectors';
import { cisRules } from './packs/cis';
import { threatRules } from './packs/threats';
import { loadRuleFile } from './rule-file';
import type { RuleFileLimits } from './rule-limits';
import type { SigmaUnsupportedError } from './sigma/sigma-errors';
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
  /**
   * When false (the default), a Sigma rule that uses an unsupported construct, in a folder or a glob, is
   * skipped and reported to `onSkipped`; the other rules load. When true, it is an error. A file named on
   * its own is always strict.
   */
  strict?: boolean;
  /** Called with each skipped rule's error (see `strict`). */
  onSkipped?: (error: SigmaUnsupportedError) => void;
}

const RULE_FILE = /\.(ya?ml|json)$/i;

async function filesOf(path: string): Promise<string[] | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const out: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && RULE_FILE.test(entry.name)) {
      out.push(join((entry as { parentPath?: string }).parentPath ?? entry.path, entry.name));
    }
  }
  return out.sort();
}

/**
 * Load rules from a spec such as `cis,threats,./my-rules.yaml,./sigma/`: comma-separated pack names (`cis`,
 * `threats`, `all`), rules files (`.yaml`, `.yml`, `.json`: trailkit rules or Sigma rules), folders (every
 * rules file inside, recursively) and globs (`'sigma/**\/*.yml'`). Duplicate rule ids are an error. Each file is
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
    } else if (RULE_FILE.test(part) || part.includes('/') || part.includes('\\') || /[*?[]/.test(part)) {
      const cwd = options.cwd ?? process.cwd();
      const path = isAbsolute(part) ? part : resolve(cwd, part);
      const many = /[*?[]/.test(part)
        ? (await glob(part, { cwd, absolute: true, onlyFiles: true })).filter((f) => RULE_FILE.test(f)).sort()
        : await filesOf(path);
      if (many !== undefined && many.length === 0) {
        throw new RuleValidationError('rules spec', `"${part}" holds no .yaml/.yml/.json rules files`);
      }
      const skip =
        many !== undefined && options.strict !== true
          ? (error: SigmaUnsupportedError) => options.onSkipped?.(error)
          : undefined;
      for (const file of many ?? [path]) {
        // one by one: a spread of a user-sized array into push() overflows the call stack
        for (const r of await loadRuleFile(file, {
          limits: options.limits,
          ...(skip && { onUnsupported: skip }),
        }))
          out.push(r);
      }
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
