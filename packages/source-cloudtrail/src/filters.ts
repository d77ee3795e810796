import {
  ConfigError,
  type EventFilter,
  filterHints,
  pattern,
  type StringCondition,
  type TimeBound,
  type TrailEvent,
  where,
  type WhereCriteria,
} from '@trailkit/core';

/** What to read: a time range and the filters every event must pass (pushed down where the API can). */
export interface CloudTrailFilters {
  /** Events at or after this time (ISO-8601, `Date` or epoch ms). */
  since?: TimeBound;
  /** Events strictly before this time. */
  until?: TimeBound;
  /** A CloudWatch Logs filter pattern, e.g. `{ $.eventName = "StopLogging" }`. */
  pattern?: string;
  /** `where()` criteria (AND). */
  where?: WhereCriteria;
}

/** The filters compiled once: the local test every event passes, and what may be pushed down. */
export interface CompiledFilters {
  /** Epoch ms, or undefined. */
  since: number | undefined;
  /** Epoch ms (exclusive), or undefined. */
  until: number | undefined;
  /** The whole filter, run locally on every event (pushdown only narrows what is fetched). */
  test(event: TrailEvent): boolean;
  /** Exact values the filter requires, per field (eventName, eventSource, accessKeyId, ...). */
  exact: Partial<Record<ExactField, ReadonlySet<string>>>;
  /** `readOnly` when the filter requires one value. */
  readOnly: boolean | undefined;
  /** True when only events with an `errorCode` pass. */
  errorsOnly: boolean;
}

/** The `where()` fields whose exact values the sources push down. */
export type ExactField =
  | 'eventName'
  | 'eventSource'
  | 'accessKeyId'
  | 'eventType'
  | 'eventCategory'
  | 'errorCode'
  | 'principal'
  | 'region'
  | 'sourceIPAddress'
  | 'userIdentityType';

const EXACT_FIELDS: readonly ExactField[] = [
  'eventName',
  'eventSource',
  'accessKeyId',
  'eventType',
  'eventCategory',
  'errorCode',
  'principal',
  'region',
  'sourceIPAddress',
  'userIdentityType',
];

function toMs(bound: TimeBound | undefined, name: string, component: string): number | undefined {
  if (bound === undefined) return undefined;
  const ms = bound instanceof Date ? bound.getTime() : typeof bound === 'number' ? bound : Date.parse(bound);
  if (!Number.isFinite(ms))
    throw new ConfigError(component, `filters.${name} is not a valid time: ${String(bound)}`);
  return ms;
}

/** The exact strings a positive condition accepts, when it accepts nothing else (no `*`, RegExp or `not`). */
export function exactStrings(condition: StringCondition | undefined): ReadonlySet<string> | undefined {
  if (condition === undefined || (typeof condition === 'object' && 'not' in condition)) return undefined;
  const list = Array.isArray(condition) ? condition : [condition];
  const out = new Set<string>();
  for (const m of list) {
    if (typeof m !== 'string' || m.startsWith('*') || m.endsWith('*')) return undefined;
    out.add(m);
  }
  return out.size > 0 ? out : undefined;
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined) {
  if (!a) return b;
  if (!b) return a;
  return new Set([...a].filter((x) => b.has(x)));
}

/** Compile the filters (throws `ConfigError` for a pattern that does not parse or a time that is not one). */
export function compileFilters(filters: CloudTrailFilters, component: string): CompiledFilters {
  const since = toMs(filters.since, 'since', component);
  const until = toMs(filters.until, 'until', component);
  const parts: EventFilter[] = [];
  const criteria: WhereCriteria = { ...(filters.where ?? {}) };
  if (since !== undefined) criteria.since = since;
  if (until !== undefined) criteria.until = until;
  parts.push(where(criteria));
  const compiled = filters.pattern === undefined ? undefined : pattern(filters.pattern);
  if (compiled) parts.push(compiled);
  const hints = compiled ? filterHints(compiled) : undefined;
  const exact: CompiledFilters['exact'] = {};
  for (const field of EXACT_FIELDS) {
    let values = exactStrings(filters.where?.[field]);
    if (field === 'eventName') values = intersect(values, hints?.eventNames);
    if (field === 'eventSource') values = intersect(values, hints?.eventSources);
    if (values) exact[field] = values;
  }
  const tests = parts.map((p) => p.test.bind(p));
  return {
    since,
    until,
    test: (event) => tests.every((t) => t(event)),
    exact,
    readOnly: filters.where?.readOnly,
    errorsOnly: filters.where?.hasError === true || hints?.errorsOnly === true,
  };
}
