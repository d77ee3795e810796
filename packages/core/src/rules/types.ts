import type { TrailEvent } from '../event/trail-event';
import type { FilterLike } from '../filters/types';

/** Finding severities, lowest first. */
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** Severities in ascending order; use it to compare (`SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b)`). */
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** MITRE ATT&CK: the tactics (e.g. `defense-evasion`) and techniques (e.g. `T1562.008`) a rule detects. */
export interface AttackMapping {
  tactics: string[];
  techniques: string[];
}

/** One test of a rule: events and the expected outcome (`trailkit rules test`). */
export interface RuleTest {
  /** What the test shows (default `test #<n>`). */
  name?: string;
  /** The events, in order (one for a stateless rule, several for a threshold). */
  events: Record<string, unknown>[];
  /** `true`: the rule must raise at least one finding (counting `flush`); `false`: none. */
  expect: boolean;
}

/** The descriptive part of a rule, carried by every finding. */
export interface RuleMeta {
  /** Stable id, e.g. `cis.3.1-unauthorized-api-calls` or `threats.cloudtrail-stopped`. */
  id: string;
  title: string;
  severity: Severity;
  description?: string;
  /** URLs. */
  references?: string[];
  /** E.g. `cis:4.1`, `attack:T1562.008`. */
  tags?: string[];
  /** The ATT&CK tactics and techniques the rule detects. */
  attack?: AttackMapping;
  /** Author(s), kept from a Sigma rule (its license asks findings to name them). */
  author?: string;
  /** Known false positives (Sigma `falsepositives`). */
  falsePositives?: string[];
  /** Where the rule comes from: a pack name (`cis`, `threats`) or a rules file's path. */
  source?: string;
}

/**
 * A stateless detection rule. `match` is a CloudWatch Logs filter pattern (text), a filter object
 * (`pattern()`, `where()`), or a function.
 */
export interface Rule extends RuleMeta {
  match: string | FilterLike;
  /**
   * Optional hint for function (or filter object) rules: the `eventName`s this rule can match. When given,
   * the rule is only evaluated for events whose `eventName` is a string in this list, so the rule MUST
   * return false for every other event (e.g. its function starts with `if (e.eventName !== 'X') return false`).
   * Pattern text rules need no hint: their `eventName` / `eventSource` conditions are found in the pattern.
   * Evaluation with or without the hint gives the same findings; with it, other events cost nothing.
   */
  eventNames?: readonly string[];
  /** Tests carried by the rules file (see `runRuleTests`). */
  tests?: readonly RuleTest[];
}

/** A detection result. */
export interface Finding {
  readonly kind: 'finding';
  /** Stable id derived from the rule and the events (same input, same id: safe to dedupe on). */
  id: string;
  rule: RuleMeta;
  severity: Severity;
  /** One line a human reads: who did what, where, from which IP. */
  summary: string;
  /** ISO-8601 time of the (last) event. */
  time: string;
  /** The event(s) that produced the finding. */
  events: TrailEvent[];
  /** The principal (ARN, or type/user name when there is no ARN). */
  principal?: string;
  /** `eventSource:eventName` of the (last) event. */
  action?: string;
  account?: string;
  region?: string;
  sourceIPAddress?: string;
}

/**
 * A (possibly stateful) detector: sees every event in order and returns findings. Stateless rules are
 * compiled to detectors; thresholds and anomaly detectors keep bounded state and may emit on `flush`.
 */
export interface Detector {
  readonly id: string;
  process(event: TrailEvent): Finding[] | undefined;
  /**
   * Optional promise: for an event whose `eventName` is not a string in this list, `process` returns no
   * finding and changes no state, so `indexDetectors` may skip the call. Compiled rules set it from their
   * pattern (or the rule's `eventNames` hint).
   */
  readonly eventNames?: readonly string[];
  /** Optional promise like {@link Detector.eventNames}, for `eventSource`. */
  readonly eventSources?: readonly string[];
  /** Optional promise: `process` does nothing (no finding, no state change) for events without an `errorCode`. */
  readonly errorsOnly?: boolean;
  /**
   * When true, {@link Detector.eventNames} and {@link Detector.eventSources} are lower-case and compared with
   * the event's lower-cased values (Sigma matches case-insensitively).
   */
  readonly hintsIgnoreCase?: boolean;
  /** The rule's description (for listings); findings carry it too. */
  readonly meta?: RuleMeta;
  /** Tests carried by the rules file (see `runRuleTests`). */
  readonly tests?: readonly RuleTest[];
  /** Called when the stream ends; returns findings still pending. */
  flush?(): Finding[];
}
