import { open } from 'node:fs/promises';
import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { ConfigError, PatternSyntaxError, RuleValidationError } from '../errors';
import { pattern } from '../filters/pattern';
import { type WhereCriteria, where } from '../filters/where';
import { MAX_WINDOW_SECONDS, type RuleFileLimits, resolveRuleFileLimits } from './rule-limits';
import { RULE_SCHEMA } from './rule-schema';
import type { SigmaUnsupportedError } from './sigma/sigma-errors';
import { looksLikeSigma, parseSigmaRules } from './sigma/sigma-file';
import { ruleTests } from './sigma/sigma-rule';
import { thresholdDetector } from './threshold-detector';
import type { Detector, Rule, RuleMeta } from './types';

/** Options of {@link parseRules}. */
export interface ParseRulesOptions {
  /** The file name, used in errors (default `rules`). */
  file?: string;
  /** `yaml` (also accepts JSON) or `json`; default from the file extension, else `yaml`. */
  format?: 'yaml' | 'json';
  /** Size, rule-count and pattern limits (defaults in `DEFAULT_RULE_FILE_LIMITS`). */
  limits?: RuleFileLimits;
  /**
   * Sigma files only: called with each rule that uses an unsupported construct, which is then skipped.
   * Without it, the first such rule throws.
   */
  onUnsupported?: (error: SigmaUnsupportedError) => void;
}

function formatOf(file: string, given?: 'yaml' | 'json'): 'yaml' | 'json' {
  if (given) return given;
  return /\.json$/i.test(file) ? 'json' : 'yaml';
}

function windowSeconds(w: number | string): number {
  if (typeof w === 'number') return w;
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h)$/.exec(w)!;
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

function describeAjvError(errors: ErrorObject[]): { field: string; detail: string } {
  const anyOf = errors.find((e) => e.keyword === 'anyOf');
  const err = anyOf ?? errors[0]!;
  let field = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  let detail = err.message ?? 'is invalid';
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    field = field ? `${field}.${extra}` : extra;
    detail = 'unknown field';
  } else if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    field = field ? `${field}.${missing}` : missing;
    detail = 'required';
  } else if (err.keyword === 'enum') {
    detail = `must be one of ${((err.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}`;
  } else if (err.keyword === 'anyOf') {
    detail = field.endsWith('window')
      ? `must be seconds (a number, at most ${MAX_WINDOW_SECONDS} = 366 days) or text such as "30s", "5m", "1h"`
      : 'must be a string, an array of strings, or { not: ... }';
  }
  return { field: field || '(rule)', detail };
}

/**
 * Parse a rules file's text (YAML or JSON): `{ rules: [...] }` or a bare array. Each rule has `id`, `title`,
 * `severity`, optional `description`, `references`, `tags`, and exactly one of `pattern:` (CloudWatch Logs
 * filter pattern text) or `where:` (criteria of `where()`); with `threshold: { count, window, groupBy }` it
 * becomes a stateful threshold detector. Patterns are compiled here, once.
 *
 * `options.limits` bound the text's size (checked before it is parsed), the number of rules and each
 * pattern; `threshold.count` is at most `MAX_THRESHOLD_COUNT`, `threshold.window` at most 366 days.
 * @throws RuleValidationError naming the file, the rule (index and id) and the field, or the limit exceeded.
 */
export function parseRules(text: string, options: ParseRulesOptions = {}): Array<Rule | Detector> {
  const file = options.file ?? 'rules';
  const limits = resolveRuleFileLimits(file, options.limits);
  if (typeof text !== 'string') {
    throw new RuleValidationError(file, `expected the rules file's text (a string), got ${typeof text}`);
  }
  // A UTF-8 byte is at least a third of a UTF-16 code unit: only count exactly when it can matter.
  if (text.length * 3 > limits.maxBytes && Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
    throw new RuleValidationError(file, tooLarge(Buffer.byteLength(text, 'utf8'), limits.maxBytes));
  }
  if (formatOf(file, options.format) === 'yaml' && looksLikeSigma(text)) {
    const sigma = parseSigmaRules(text, {
      file,
      ...(options.onUnsupported && { onUnsupported: options.onUnsupported }),
    });
    if (sigma.length > limits.maxRules) {
      throw new RuleValidationError(
        file,
        `${sigma.length} rules, more than the limit of ${limits.maxRules} in one file (limits.maxRules)`,
      );
    }
    return sigma;
  }
  let doc: unknown;
  try {
    doc = formatOf(file, options.format) === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new RuleValidationError(
      file,
      `not valid ${formatOf(file, options.format).toUpperCase()}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const list = Array.isArray(doc) ? doc : (doc as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list))
    throw new RuleValidationError(
      file,
      'expected a list of rules, an object with a "rules" list, or a Sigma rule (with "detection")',
    );
  if (list.length > limits.maxRules) {
    throw new RuleValidationError(
      file,
      `${list.length} rules, more than the limit of ${limits.maxRules} in one file (limits.maxRules)`,
    );
  }
  if (doc && !Array.isArray(doc)) {
    const extra = Object.keys(doc as object).filter((k) => k !== 'rules');
    if (extra.length > 0)
      throw new RuleValidationError(file, `unknown top-level field "${extra[0]}" (expected only "rules")`);
  }
  const ajv = new Ajv({ allErrors: false, strict: true });
  const validate = ajv.compile(RULE_SCHEMA);
  const seen = new Set<string>();
  return list.map((raw, index) => {
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
    const where_ = `${file}: rule #${index + 1}${id ? ` (${id})` : ''}`;
    if (!validate(raw)) {
      const { field, detail } = describeAjvError(validate.errors ?? []);
      throw new RuleValidationError(where_, `field "${field}": ${detail}`);
    }
    const r = raw as RuleMeta & {
      pattern?: string;
      where?: WhereCriteria;
      threshold?: { count: number; window: number | string; groupBy?: 'principal'; maxKeys?: number };
      tests?: unknown;
    };
    if ((r.pattern === undefined) === (r.where === undefined)) {
      throw new RuleValidationError(where_, 'field "pattern"/"where": give exactly one of them');
    }
    if (seen.has(r.id)) throw new RuleValidationError(where_, `field "id": duplicate id "${r.id}"`);
    seen.add(r.id);
    if (r.threshold && windowSeconds(r.threshold.window) > MAX_WINDOW_SECONDS) {
      throw new RuleValidationError(
        where_,
        `field "threshold.window": must be at most 366 days (${MAX_WINDOW_SECONDS} seconds)`,
      );
    }
    let match: Rule['match'];
    try {
      match = r.pattern !== undefined ? pattern(r.pattern, limits.pattern) : where(r.where!);
    } catch (error) {
      if (PatternSyntaxError.isInstance(error)) {
        throw new RuleValidationError(where_, `field "pattern": ${error.message}`, { cause: error });
      }
      if (ConfigError.isInstance(error)) {
        throw new RuleValidationError(where_, `field "where": ${error.message.replace(/^where: /, '')}`, {
          cause: error,
        });
      }
      throw error;
    }
    const meta: RuleMeta = { id: r.id, title: r.title, severity: r.severity };
    if (r.description !== undefined) meta.description = r.description;
    if (r.references !== undefined) meta.references = r.references;
    if (r.tags !== undefined) meta.tags = r.tags;
    if (r.attack !== undefined) meta.attack = r.attack;
    meta.source = file;
    const tests = ruleTests(r.tests, where_);
    if (r.threshold) {
      const detector = thresholdDetector({
        ...meta,
        match,
        threshold: r.threshold.count,
        windowSeconds: windowSeconds(r.threshold.window),
        groupBy: r.threshold.groupBy ?? 'principal',
        ...(r.threshold.maxKeys !== undefined && { maxKeys: r.threshold.maxKeys }),
      });
      return tests ? { ...detector, tests } : detector;
    }
    return tests ? { ...meta, match, tests } : { ...meta, match };
  });
}

/** Options of {@link loadRuleFile}. */
export interface LoadRuleFileOptions {
  /** Size, rule-count and pattern limits (defaults in `DEFAULT_RULE_FILE_LIMITS`). */
  limits?: RuleFileLimits;
  /** See {@link ParseRulesOptions.onUnsupported}. */
  onUnsupported?: (error: SigmaUnsupportedError) => void;
}

/**
 * Read and parse a rules file (`.yaml`, `.yml` or `.json`). See {@link parseRules}. A file over
 * `limits.maxBytes` is refused from its size, before it is read: memory stays bounded whatever its size.
 * @throws RuleValidationError naming the file (unreadable, too large, or invalid).
 */
export async function loadRuleFile(
  path: string,
  options: LoadRuleFileOptions = {},
): Promise<Array<Rule | Detector>> {
  const limits = resolveRuleFileLimits(path, options.limits);
  let text: string;
  try {
    text = await readBounded(path, limits.maxBytes);
  } catch (error) {
    if (RuleValidationError.isInstance(error)) throw error;
    throw new RuleValidationError(path, `cannot read rules file: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseRules(text, {
    file: path,
    limits,
    ...(options.onUnsupported && { onUnsupported: options.onUnsupported }),
  });
}

/** The file's text, refused from its size when over `maxBytes` (reads at most `size + 1` bytes). */
async function readBounded(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new RuleValidationError(path, tooLarge(size, maxBytes));
    const buffer = Buffer.alloc(size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > size) throw new RuleValidationError(path, 'the rules file grew while it was read');
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

function tooLarge(bytes: number, maxBytes: number): string {
  return `rules file of ${bytes} bytes, more than the limit of ${maxBytes} bytes (limits.maxBytes)`;
}
