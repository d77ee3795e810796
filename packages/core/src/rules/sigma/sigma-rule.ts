import type { TrailEvent } from '../../event/trail-event';
import { RuleValidationError } from '../../errors';
import { pattern } from '../../filters/pattern';
import { makeFinding } from '../finding';
import type { Detector, RuleMeta, RuleTest, Severity } from '../types';
import { attackFromSigmaTags } from './sigma-attack';
import { compileDetection } from './sigma-detection';
import { SigmaUnsupportedError } from './sigma-errors';
import type { SigmaRecord } from './sigma-field';

const LEVELS: Record<string, Severity> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

/** True when a parsed YAML document is a Sigma rule (or correlation) rather than a trailkit rules file. */
export function isSigmaDocument(doc: unknown): boolean {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return d.detection !== undefined || d.correlation !== undefined;
}

function strings(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x) => x !== null && x !== undefined).map(String);
}

/** A Sigma rule compiled to a trailkit detector. */
export interface SigmaDetector extends Detector {
  readonly meta: RuleMeta;
  /** The record fields the rule reads. */
  readonly fields: readonly string[];
  /** The rule's detection alone (no finding, no state): what correlations count. */
  matches(event: TrailEvent): boolean;
  /**
   * A CloudWatch Logs filter pattern that matches exactly the events the rule matches, when the rule can be
   * written as one (for pushdown to `FilterLogEvents`, or to SQL by the Athena source); see `fieldPattern`.
   */
  readonly pattern?: string;
}

/** The metadata of a Sigma rule or correlation document. */
export function sigmaMeta(
  doc: Record<string, unknown>,
  file: string,
  index: number,
  where: string,
): RuleMeta {
  const title = typeof doc.title === 'string' ? doc.title : undefined;
  if (title === undefined || title === '') throw new RuleValidationError(where, 'field "title": required');
  const level = doc.level === undefined ? 'medium' : LEVELS[String(doc.level)];
  if (level === undefined)
    throw new RuleValidationError(where, `field "level": unknown level "${String(doc.level)}"`);
  const id =
    typeof doc.id === 'string'
      ? doc.id
      : `sigma.${file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')}${index > 0 ? `.${index + 1}` : ''}`;
  const meta: RuleMeta = { id, title, severity: level };
  if (typeof doc.description === 'string') meta.description = doc.description;
  const references = strings(doc.references);
  if (references) meta.references = references;
  const tags = strings(doc.tags);
  if (tags) {
    meta.tags = tags;
    const attack = attackFromSigmaTags(tags);
    if (attack) meta.attack = attack;
  }
  if (doc.author !== undefined && doc.author !== null) meta.author = String(doc.author);
  const falsePositives = strings(doc.falsepositives);
  if (falsePositives) meta.falsePositives = falsePositives;
  meta.source = file;
  return meta;
}

/** `file: Sigma rule #n "title" (id)`, for errors. */
export function sigmaWhere(doc: Record<string, unknown>, file: string, index: number): string {
  const title = typeof doc.title === 'string' ? doc.title : undefined;
  const sigmaId = typeof doc.id === 'string' ? doc.id : undefined;
  return `${file}: Sigma rule #${index + 1}${title ? ` "${title}"` : ''}${sigmaId ? ` (${sigmaId})` : ''}`;
}

/**
 * Compile one Sigma rule document (already parsed from YAML) for the CloudTrail log source
 * (`logsource: { product: aws, service: cloudtrail }`). `id`, `title`, `description`, `references`,
 * `author`, `falsepositives` and `tags` are kept; `level` becomes the severity (`informational` → `info`,
 * none → `medium`), `attack.*` tags the ATT&CK mapping. The detector declares the `eventName` /
 * `eventSource` values its condition requires (lower-cased, `hintsIgnoreCase`), so `indexDetectors` only
 * calls it for the events it can match. A `tests:` list (trailkit's extension: `{ name, event | events,
 * expect }`) is kept as the rule's tests.
 * @throws SigmaUnsupportedError naming `file`, the rule and the unsupported construct; RuleValidationError
 * when a required field is missing.
 */
export function compileSigmaRule(doc: Record<string, unknown>, file: string, index: number): SigmaDetector {
  const where = sigmaWhere(doc, file, index);
  if (doc.correlation !== undefined) {
    throw new SigmaUnsupportedError(where, 'a correlation rule outside parseSigmaRules');
  }
  const meta = sigmaMeta(doc, file, index, where);
  const logsource = (doc.logsource ?? {}) as Record<string, unknown>;
  if (
    logsource.product !== 'aws' ||
    (logsource.service !== undefined && logsource.service !== 'cloudtrail')
  ) {
    throw new SigmaUnsupportedError(
      where,
      `log source ${JSON.stringify(logsource)} (only product "aws", service "cloudtrail")`,
    );
  }
  if (logsource.category !== undefined) {
    throw new SigmaUnsupportedError(where, `log source category "${String(logsource.category)}"`);
  }
  const detection = compileDetection(doc.detection, where);
  const test = detection.test;
  const pushdown = checkedPattern(detection.pattern);
  const tests = ruleTests(doc.tests, where);
  return {
    id: meta.id,
    meta,
    fields: [...detection.fields],
    matches: (event: TrailEvent) => test(event as unknown as SigmaRecord),
    process: (event: TrailEvent) =>
      test(event as unknown as SigmaRecord) ? [makeFinding(meta, [event])] : undefined,
    ...(detection.eventNames && { eventNames: [...detection.eventNames] }),
    ...(detection.eventSources && { eventSources: [...detection.eventSources] }),
    ...((detection.eventNames || detection.eventSources) && { hintsIgnoreCase: true }),
    ...(tests && { tests }),
    ...(pushdown !== undefined && { pattern: pushdown }),
  };
}

/** `{ expr }` when core's pattern compiler (and so CloudWatch Logs' limits) accepts it, else undefined. */
function checkedPattern(expr: string | undefined): string | undefined {
  if (expr === undefined) return undefined;
  const text = `{ ${expr} }`;
  try {
    pattern(text);
    return text;
  } catch {
    return undefined;
  }
}

/**
 * Read a `tests:` list: `[{ name?, event: {...} | events: [...], expect: true | false | match | no-match }]`.
 * @throws RuleValidationError naming the test that is malformed.
 */
export function ruleTests(value: unknown, where: string): RuleTest[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new RuleValidationError(where, 'field "tests": expected a list');
  return value.map((raw, i) => {
    const at = `${where}: test #${i + 1}`;
    if (raw === null || typeof raw !== 'object') throw new RuleValidationError(at, 'expected a map');
    const t = raw as Record<string, unknown>;
    const events = t.events ?? (t.event !== undefined ? [t.event] : undefined);
    if (
      !Array.isArray(events) ||
      events.length === 0 ||
      events.some((e) => e === null || typeof e !== 'object')
    ) {
      throw new RuleValidationError(at, 'field "event"/"events": expected an event object or a list of them');
    }
    const e = t.expect;
    const expect = e === true || e === 'match' ? true : e === false || e === 'no-match' ? false : undefined;
    if (expect === undefined) {
      throw new RuleValidationError(at, 'field "expect": expected true, false, "match" or "no-match"');
    }
    const test: RuleTest = { events: events as Record<string, unknown>[], expect };
    if (typeof t.name === 'string') test.name = t.name;
    return test;
  });
}
