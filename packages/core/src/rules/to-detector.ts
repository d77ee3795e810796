import { PatternSyntaxError, RuleValidationError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { toPredicate } from '../filters/combinators';
import { filterHints } from '../filters/filter-hints';
import { filterSpec, type FilterSpec, setDetectorMatch } from '../filters/filter-spec';
import { pattern } from '../filters/pattern';
import type { FilterLike } from '../filters/types';
import { makeFinding } from './finding';
import { SEVERITIES, type Detector, type Rule, type RuleMeta } from './types';

export { makeFinding } from './finding';

/** What `.detect()` accepts: rules, detectors, or (nested) arrays of them. */
export type DetectionInput = Rule | Detector | ReadonlyArray<DetectionInput>;

/**
 * Flatten a {@link DetectionInput} into detectors. Rules are compiled once here: a string `match` with
 * `pattern()`, a filter object or function as given.
 * @throws RuleValidationError when a rule lacks an id/title, has an unknown severity or a bad pattern.
 */
export function toDetectors(input: DetectionInput): Detector[] {
  if (Array.isArray(input)) return input.flatMap((x) => toDetectors(x));
  const item = input as Rule | Detector;
  if ('process' in item && typeof item.process === 'function') return [item];
  return [ruleDetector(item as Rule)];
}

/** Compile a rule's `match` to a predicate, once. */
export function compileMatch(rule: Rule, where = `rule ${rule.id}`): (event: TrailEvent) => boolean {
  return compileMatchWithHints(rule, where).test;
}

/** A compiled `match` with the `eventName` / `eventSource` values it requires (see {@link Detector}). */
export interface CompiledMatch {
  test: (event: TrailEvent) => boolean;
  eventNames?: readonly string[];
  eventSources?: readonly string[];
  errorsOnly?: boolean;
}

/**
 * Compile a rule's `match` once, with the event names and sources it can match: found in a pattern (text or
 * `pattern()`) or `where()` filter, and narrowed by the rule's declared `eventNames` hint.
 * @throws RuleValidationError on a bad pattern, a bad `match` or a bad `eventNames` hint.
 */
export function compileMatchWithHints(
  rule: { match: string | FilterLike; eventNames?: readonly string[] },
  where: string,
): CompiledMatch {
  const m = rule.match;
  let filter: FilterLike;
  if (typeof m === 'string') {
    try {
      filter = pattern(m);
    } catch (error) {
      if (PatternSyntaxError.isInstance(error)) {
        throw new RuleValidationError(where, `match: ${error.message}`, { cause: error });
      }
      throw error;
    }
  } else if (typeof m === 'function' || (m && typeof m.test === 'function')) filter = m;
  else throw new RuleValidationError(where, 'match: expected a pattern text, a filter or a function');
  const hints = filterHints(filter);
  const test = typeof m === 'string' ? (filter as { test: (e: TrailEvent) => boolean }).test : toPredicate(m);
  const out: CompiledMatch = { test };
  let names = hints?.eventNames;
  const declared = rule.eventNames;
  if (declared !== undefined) {
    if (!Array.isArray(declared) || declared.some((n) => typeof n !== 'string' || n === '')) {
      throw new RuleValidationError(where, 'eventNames: expected an array of non-empty strings');
    }
    names = names === undefined ? new Set(declared) : new Set(declared.filter((n) => names!.has(n)));
  }
  if (names !== undefined) out.eventNames = [...names];
  if (hints?.eventSources !== undefined) out.eventSources = [...hints.eventSources];
  if (hints?.errorsOnly === true) out.errorsOnly = true;
  return out;
}

function ruleDetector(rule: Rule): Detector {
  if (!rule || typeof rule !== 'object') throw new RuleValidationError('rule', 'expected a rule object');
  const where = `rule ${rule.id ?? '(no id)'}`;
  if (typeof rule.id !== 'string' || rule.id === '') throw new RuleValidationError(where, 'id: required');
  if (typeof rule.title !== 'string' || rule.title === '')
    throw new RuleValidationError(where, 'title: required');
  if (!SEVERITIES.includes(rule.severity)) {
    throw new RuleValidationError(where, `severity: expected one of ${SEVERITIES.join(', ')}`);
  }
  const { test, eventNames, eventSources, errorsOnly } = compileMatchWithHints(rule, where);
  const detector: Detector = {
    id: rule.id,
    meta: ruleMeta(rule),
    process: (event) => (test(event) ? [makeFinding(rule, [event])] : undefined),
    ...(eventNames !== undefined && { eventNames }),
    ...(eventSources !== undefined && { eventSources }),
    ...(errorsOnly && { errorsOnly }),
    ...(rule.tests !== undefined && { tests: rule.tests }),
  };
  // a pattern text, or a filter with a spec: the rule can be rebuilt in a pipeline worker
  const spec: FilterSpec | undefined =
    typeof rule.match === 'string' ? { kind: 'pattern', text: rule.match } : filterSpec(rule.match);
  return spec === undefined ? detector : setDetectorMatch(detector, spec);
}

/** The descriptive fields of a rule (without `match`, hints and tests). */
export function ruleMeta(rule: RuleMeta): RuleMeta {
  const meta: RuleMeta = { id: rule.id, title: rule.title, severity: rule.severity };
  for (const k of [
    'description',
    'references',
    'tags',
    'attack',
    'author',
    'falsePositives',
    'source',
  ] as const) {
    if (rule[k] !== undefined) (meta as unknown as Record<string, unknown>)[k] = rule[k];
  }
  return meta;
}
