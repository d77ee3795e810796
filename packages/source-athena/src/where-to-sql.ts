import type { StringCondition, StringMatch, TimeBound, WhereCriteria } from '@trailkit/core';
import { resolvePath } from './pattern-to-sql';
import { type SqlFragment, sql, sqlJoin, sqlList, trustedSql } from './sql-fragment';
import { likePattern } from './sql-text';

/** The translation of `where()` criteria: pushed SQL conditions and the criteria left to run locally. */
export interface WhereSql {
  /** Conditions to AND together. */
  conditions: SqlFragment[];
  /** Criteria that could not be pushed (exactly), to run locally with core's `where()`. */
  residual: WhereCriteria;
}

const COLUMNS: Record<string, string> = {
  eventSource: 'eventsource',
  eventName: 'eventname',
  eventType: 'eventtype',
  eventCategory: 'eventcategory',
  errorCode: 'errorcode',
  errorMessage: 'errormessage',
  userIdentityType: 'useridentity.type',
  userName: 'coalesce(useridentity.username, useridentity.sessioncontext.sessionissuer.username)',
  principal: 'useridentity.arn',
  accessKeyId: 'useridentity.accesskeyid',
  accountId: 'coalesce(recipientaccountid, useridentity.accountid)',
  region: 'awsregion',
  sourceIPAddress: 'sourceipaddress',
  userAgent: 'useragent',
};

/**
 * Translate `where()` criteria to SQL, criterion by criterion (they are ANDed, so each one is pushed or
 * left to run locally on its own). Strings and `*` wildcards are pushed exactly; RegExps, `managementEvent`
 * and `fields` paths without a column (or inside JSON-string columns, pushed as a superset) stay local.
 */
export function whereToSql(criteria: WhereCriteria): WhereSql {
  const conditions: SqlFragment[] = [];
  const residual: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(criteria)) {
    if (raw === undefined) continue;
    const column = Object.hasOwn(COLUMNS, key) ? COLUMNS[key] : undefined;
    if (column) {
      const condition = conditionSql(trustedSql(column), raw as StringCondition);
      if (condition) conditions.push(condition);
      else residual[key] = raw;
      continue;
    }
    switch (key) {
      case 'since':
        conditions.push(sql`eventtime >= ${eventTimeText(raw as TimeBound)}`);
        break;
      case 'until':
        conditions.push(sql`eventtime < ${eventTimeText(raw as TimeBound)}`);
        break;
      case 'readOnly':
        conditions.push(sql`readonly = ${String(raw)}`);
        break;
      case 'hasError':
        conditions.push(
          raw ? sql`(errorcode IS NOT NULL AND errorcode <> '')` : sql`(errorcode IS NULL OR errorcode = '')`,
        );
        break;
      case 'fields': {
        const left: Record<string, StringCondition> = {};
        for (const [path, condition] of Object.entries(raw as Record<string, StringCondition>)) {
          const target = resolvePath(path.split('.'));
          const pushed = target ? conditionSql(target.sql, condition) : undefined;
          if (pushed) conditions.push(pushed);
          // Values inside JSON-string columns are compared as json_extract_scalar text: a superset, so the
          // criterion still runs locally.
          if (!pushed || target?.kind !== 'scalar') left[path] = condition;
        }
        if (Object.keys(left).length > 0) residual.fields = left;
        break;
      }
      default:
        residual[key] = raw;
    }
  }
  return { conditions, residual: residual as WhereCriteria };
}

/** SQL for one StringCondition on a column, or undefined when it holds a RegExp. */
function conditionSql(column: SqlFragment, condition: StringCondition): SqlFragment | undefined {
  const negated =
    typeof condition === 'object' && !(condition instanceof RegExp) && !Array.isArray(condition);
  const inner = negated ? (condition as { not: StringMatch | readonly StringMatch[] }).not : condition;
  const list: readonly StringMatch[] = Array.isArray(inner) ? inner : [inner as StringMatch];
  if (list.some((item) => typeof item !== 'string')) return undefined;
  const exact: string[] = [];
  const parts: SqlFragment[] = [];
  for (const item of list as readonly string[]) {
    if (item === '*') {
      parts.push(sql`${column} IS NOT NULL`);
      continue;
    }
    const leading = item.startsWith('*');
    const trailing = item.length > 1 && item.endsWith('*');
    if (!leading && !trailing) {
      exact.push(item);
      continue;
    }
    const core = item.slice(leading ? 1 : 0, trailing ? -1 : undefined);
    parts.push(sql`${column} LIKE ${likePattern(core, leading, trailing)} ESCAPE '\\'`);
  }
  if (exact.length === 1) parts.unshift(sql`${column} = ${exact[0] as string}`);
  else if (exact.length > 1) parts.unshift(sql`${column} IN ${sqlList(exact)}`);
  const positive = parts.length === 1 ? (parts[0] as SqlFragment) : sql`(${sqlJoin(parts, sql` OR `)})`;
  // A missing field fails a positive condition and passes a `not` one.
  return negated ? sql`(${column} IS NULL OR NOT ${positive})` : positive;
}

/** CloudTrail's `eventTime` text for a bound, rounded up to the whole second (eventTime has no fraction). */
export function eventTimeText(bound: TimeBound): string {
  const ms = toMillis(bound);
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Epoch milliseconds of a time bound. */
export function toMillis(bound: TimeBound): number {
  const ms = bound instanceof Date ? bound.getTime() : typeof bound === 'number' ? bound : Date.parse(bound);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid time: ${String(bound)}`);
  return ms;
}
