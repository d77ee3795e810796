import { readFile } from 'node:fs/promises';
import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { ConfigError, PatternSyntaxError, RuleValidationError } from '../errors';
import { pattern } from '../filters/pattern';
import { type WhereCriteria, where } from '../filters/where';
import { RULE_SCHEMA } from './rule-schema';
import { thresholdDetector } from './threshold-detector';
import type { Detector, Rule, RuleMeta } from './types';

/** Options of {@link parseRules}. */
export interface ParseRulesOptions {
  /** The file name, used in errors (default `rules`). */
  file?: string;
  /** `yaml` (also accepts JSON) or `json`; default from the file extension, else `yaml`. */
  format?: 'yaml' | 'json';
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
      ? 'must be seconds (a number) or text such as "30s", "5m", "1h"'
      : 'must be a string, an array of strings, or { not: ... }';
  }
  return { field: field || '(rule)', detail };
}

/**
 * Parse a rules file's text (YAML or JSON): `{ rules: [...] }` or a bare array. Each rule has `id`, `title`,
 * `severity`, optional `description`, `references`, `tags`, and exactly one of `pattern:` (CloudWatch Logs
 * filter pattern text) or `where:` (criteria of `where()`); with `threshold: { count, window, groupBy }` it
 * becomes a stateful threshold detector. Patterns are compiled here, once.
 * @throws RuleValidationError naming the file, the rule (index and id) and the field.
 */
export function parseRules(text: string, options: ParseRulesOptions = {}): Array<Rule | Detector> {
  const file = options.file ?? 'rules';
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
    throw new RuleValidationError(file, 'expected a list of rules, or an object with a "rules" list');
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
    };
    if ((r.pattern === undefined) === (r.where === undefined)) {
      throw new RuleValidationError(where_, 'field "pattern"/"where": give exactly one of them');
    }
    if (seen.has(r.id)) throw new RuleValidationError(where_, `field "id": duplicate id "${r.id}"`);
    seen.add(r.id);
    let match: Rule['match'];
    try {
      match = r.pattern !== undefined ? pattern(r.pattern) : where(r.where!);
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
    if (r.threshold) {
      return thresholdDetector({
        ...meta,
        match,
        threshold: r.threshold.count,
        windowSeconds: windowSeconds(r.threshold.window),
        groupBy: r.threshold.groupBy ?? 'principal',
        ...(r.threshold.maxKeys !== undefined && { maxKeys: r.threshold.maxKeys }),
      });
    }
    return { ...meta, match };
  });
}

/** Read and parse a rules file (`.yaml`, `.yml` or `.json`). See {@link parseRules}. */
export async function loadRuleFile(path: string): Promise<Array<Rule | Detector>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RuleValidationError(path, `cannot read rules file: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseRules(text, { file: path });
}
