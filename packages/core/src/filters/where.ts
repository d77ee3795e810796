import { ConfigError } from '../errors';
import { eventTimeText } from '../event/event-time';
import type { TrailEvent } from '../event/trail-event';
import { type FilterHints, setFilterHints } from './filter-hints';
import { setFilterSpec } from './filter-spec';
import {
  type CompiledCondition,
  type StringCondition,
  compileStringCondition,
  exactValues,
  isNotCondition,
} from './string-condition';
import type { EventFilter } from './types';

/** A time bound: ISO-8601 text, a `Date`, or epoch milliseconds. */
export type TimeBound = string | Date | number;

/**
 * Criteria of {@link where}. Every given criterion must hold (AND); an array inside one criterion means any
 * of its values (OR); `{ not: ... }` negates one criterion. Strings match exactly, or with `*` at the
 * start and/or end as a wildcard; RegExps are allowed.
 */
export interface WhereCriteria {
  eventSource?: StringCondition;
  eventName?: StringCondition;
  eventType?: StringCondition;
  eventCategory?: StringCondition;
  errorCode?: StringCondition;
  errorMessage?: StringCondition;
  /** `userIdentity.type`. */
  userIdentityType?: StringCondition;
  /** `userIdentity.userName`, or the session issuer's user name for assumed roles. */
  userName?: StringCondition;
  /** `userIdentity.arn`. */
  principal?: StringCondition;
  /** `userIdentity.accessKeyId`. */
  accessKeyId?: StringCondition;
  /** `recipientAccountId`, or `userIdentity.accountId` when it is missing. */
  accountId?: StringCondition;
  /** `awsRegion`. */
  region?: StringCondition;
  sourceIPAddress?: StringCondition;
  userAgent?: StringCondition;
  /** Events at or after this time (`eventTime`, else `@timestamp`). */
  since?: TimeBound;
  /** Events strictly before this time (`eventTime`, else `@timestamp`). */
  until?: TimeBound;
  readOnly?: boolean;
  managementEvent?: boolean;
  /** True: only events with an `errorCode`; false: only events without one. */
  hasError?: boolean;
  /** Other fields by dotted path, e.g. `{ 'requestParameters.bucketName': 'prod-*' }`. */
  fields?: Record<string, StringCondition>;
}

type Accessor = (e: TrailEvent) => unknown;

const STRING_FIELDS: Record<string, Accessor> = {
  eventSource: (e) => e.eventSource,
  eventName: (e) => e.eventName,
  eventType: (e) => e.eventType,
  eventCategory: (e) => e.eventCategory,
  errorCode: (e) => e.errorCode,
  errorMessage: (e) => e.errorMessage,
  userIdentityType: (e) => e.userIdentity?.type,
  userName: (e) => e.userIdentity?.userName ?? e.userIdentity?.sessionContext?.sessionIssuer?.userName,
  principal: (e) => e.userIdentity?.arn,
  accessKeyId: (e) => e.userIdentity?.accessKeyId,
  accountId: (e) => e.recipientAccountId ?? e.userIdentity?.accountId,
  region: (e) => e.awsRegion,
  sourceIPAddress: (e) => e.sourceIPAddress,
  userAgent: (e) => e.userAgent,
};

const BOOLEAN_FIELDS: Record<string, Accessor> = {
  readOnly: (e) => e.readOnly,
  managementEvent: (e) => e.managementEvent,
  hasError: (e) => typeof e.errorCode === 'string' && e.errorCode !== '',
};

/** Names accepted by {@link where}. */
export const WHERE_KEYS: readonly string[] = [
  ...Object.keys(STRING_FIELDS),
  ...Object.keys(BOOLEAN_FIELDS),
  'since',
  'until',
  'fields',
];

/**
 * A typed predicate over events, compiled once into a list of checks.
 *
 * ```ts
 * where({ eventSource: 'iam.amazonaws.com', eventName: ['Create*', 'Delete*'], errorCode: { not: '*' } })
 * ```
 * @throws ConfigError when a criterion is unknown or has the wrong type.
 */
export function where(criteria: WhereCriteria): EventFilter {
  if (typeof criteria !== 'object' || criteria === null || Array.isArray(criteria)) {
    throw new ConfigError('where', 'criteria must be an object');
  }
  const checks: Array<(e: TrailEvent) => boolean> = [];
  for (const [key, value] of Object.entries(criteria)) {
    if (value === undefined) continue;
    const stringField = STRING_FIELDS[key];
    if (stringField) {
      const cond = compileStringCondition(key, value as StringCondition);
      checks.push((e) => cond(stringField(e)));
      continue;
    }
    const boolField = BOOLEAN_FIELDS[key];
    if (boolField) {
      if (typeof value !== 'boolean') throw new ConfigError('where', `${key}: expected true or false`);
      checks.push((e) => boolField(e) === value);
      continue;
    }
    if (key === 'since' || key === 'until') {
      checks.push(timeCheck(key, value as TimeBound));
      continue;
    }
    if (key === 'fields') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ConfigError('where', 'fields: expected an object of dotted paths to conditions');
      }
      for (const [path, cond] of Object.entries(value as Record<string, StringCondition>)) {
        checks.push(fieldCheck(path, cond));
      }
      continue;
    }
    throw new ConfigError('where', `unknown criterion "${key}" (known: ${WHERE_KEYS.join(', ')})`);
  }
  const eventNames = criteria.eventName === undefined ? undefined : exactValues(criteria.eventName);
  const eventSources = criteria.eventSource === undefined ? undefined : exactValues(criteria.eventSource);
  // a positive errorCode condition passes only strings; hasError: true only non-empty strings
  const errorsOnly =
    criteria.hasError === true || (criteria.errorCode !== undefined && !isNotCondition(criteria.errorCode));
  const hints: FilterHints = {
    ...(eventNames !== undefined && { eventNames }),
    ...(eventSources !== undefined && { eventSources }),
    ...(errorsOnly && { errorsOnly: true }),
  };
  const spec = { kind: 'where' as const, criteria };
  if (checks.length === 0) return setFilterSpec({ test: () => true }, spec);
  if (checks.length === 1) return setFilterSpec(setFilterHints({ test: checks[0]! }, hints), spec);
  return setFilterSpec(
    setFilterHints(
      {
        test(event) {
          for (const c of checks) if (!c(event)) return false;
          return true;
        },
      },
      hints,
    ),
    spec,
  );
}

function fieldCheck(path: string, cond: StringCondition): (e: TrailEvent) => boolean {
  const keys = path.split('.');
  if (path === '' || keys.some((k) => k === '')) {
    throw new ConfigError('where', `fields: "${path}" is not a dotted path`);
  }
  const compiled: CompiledCondition = compileStringCondition(`fields.${path}`, cond);
  return (e) => {
    let cur: unknown = e;
    for (const k of keys) {
      if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, k)) {
        cur = undefined;
        break;
      }
      cur = (cur as Record<string, unknown>)[k];
    }
    if (typeof cur === 'number' || typeof cur === 'boolean') cur = String(cur);
    return compiled(cur);
  };
}

const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function toMillis(key: string, bound: TimeBound): number {
  const ms =
    bound instanceof Date ? bound.getTime() : typeof bound === 'number' ? bound : Date.parse(String(bound));
  if (!Number.isFinite(ms)) throw new ConfigError('where', `${key}: not a valid time: ${String(bound)}`);
  return ms;
}

function eventMillis(t: string): number {
  return Date.parse(t);
}

function timeCheck(key: 'since' | 'until', bound: TimeBound): (e: TrailEvent) => boolean {
  const ms = toMillis(key, bound);
  // CloudTrail writes eventTime as `YYYY-MM-DDTHH:MM:SSZ`: compare such text directly when the bound
  // falls on a whole second; otherwise (or for other formats) parse.
  const canonical = ms % 1000 === 0 ? new Date(ms).toISOString().replace('.000Z', 'Z') : undefined;
  if (key === 'since') {
    return (e) => {
      const t = eventTimeText(e);
      if (t === undefined) return false;
      if (canonical && t.length === 20 && CANONICAL_TIME.test(t)) return t >= canonical;
      return eventMillis(t) >= ms;
    };
  }
  return (e) => {
    const t = eventTimeText(e);
    if (t === undefined) return false;
    if (canonical && t.length === 20 && CANONICAL_TIME.test(t)) return t < canonical;
    return eventMillis(t) < ms;
  };
}
