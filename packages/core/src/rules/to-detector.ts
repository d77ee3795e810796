import { PatternSyntaxError, RuleValidationError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { toPredicate } from '../filters/combinators';
import { pattern } from '../filters/pattern';
import { makeFinding } from './finding';
import { SEVERITIES, type Detector, type Rule } from './types';

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
  const m = rule.match;
  if (typeof m === 'string') {
    try {
      const p = pattern(m);
      return (e) => p.test(e);
    } catch (error) {
      if (PatternSyntaxError.isInstance(error)) {
        throw new RuleValidationError(where, `match: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
  if (typeof m === 'function' || (m && typeof m.test === 'function')) return toPredicate(m);
  throw new RuleValidationError(where, 'match: expected a pattern text, a filter or a function');
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
  const test = compileMatch(rule, where);
  return {
    id: rule.id,
    process: (event) => (test(event) ? [makeFinding(rule, [event])] : undefined),
  };
}
