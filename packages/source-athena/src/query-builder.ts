import {
  ConfigError,
  type EventFilter,
  type FilterPattern,
  type StringCondition,
  type TimeBound,
  type WhereCriteria,
  pattern as compilePattern,
  where,
} from '@trailkit/core';
import { patternToSql } from './pattern-to-sql';
import { sqlIdentifier } from './sql-text';
import { SqlValues } from './sql-values';
import { eventTimeText, toMillis, whereToSql } from './where-to-sql';

/** Names of the table's partition columns; `false` when the table has no such partition. */
export interface PartitionColumns {
  /** The date partition (`yyyy/MM/dd` text). Default `timestamp`. */
  timestamp?: string | false;
  /** The region partition. Default `region`. */
  region?: string | false;
  /** The account partition. Default `account`. */
  account?: string | false;
}

/** What to select from the CloudTrail table. Every given criterion must hold. */
export interface CloudTrailFilters {
  /** Events at or after this time. Required: it bounds the date partitions scanned. */
  since: TimeBound;
  /** Events strictly before this time (default: now). */
  until?: TimeBound;
  /** Account ids (the account partition, or `recipientaccountid` when the table has none). */
  accounts?: readonly string[];
  /** Regions (the region partition, or `awsregion` when the table has none). */
  regions?: readonly string[];
  /** `eventName` values (`*` wildcards at the start and/or end allowed). */
  eventNames?: StringCondition;
  /** `eventSource` values. */
  eventSources?: StringCondition;
  /** `errorCode` values. */
  errorCodes?: StringCondition;
  /** `userIdentity` fields. */
  userIdentity?: {
    type?: StringCondition;
    arn?: StringCondition;
    accessKeyId?: StringCondition;
    /** The user name, or the session issuer's for assumed roles. */
    userName?: StringCondition;
  };
  /** More criteria, as core's `where()` takes them. */
  where?: WhereCriteria;
  /** A CloudWatch Logs filter pattern (text or core's `pattern()`), translated to SQL where it can be. */
  pattern?: string | FilterPattern;
  /** Any other filter: runs locally on the results (nothing is pushed). */
  filter?: EventFilter;
  /** At most this many rows. */
  limit?: number;
  /** Order by `eventtime` (default true). */
  orderByTime?: boolean;
}

/** Options of {@link buildQuery}. */
export interface BuildQueryOptions {
  /** Database (schema) of the table; left out of the SQL when not given. */
  database?: string;
  /** The CloudTrail table. */
  table: string;
  /** Partition column names (default `account`, `region`, `timestamp`, as `createTableSql` makes them). */
  partitions?: PartitionColumns;
  /**
   * How values reach Athena: `parameters` (default) as `?` placeholders with the escaped literals in
   * `executionParameters`, or `inline` as escaped literals in the SQL text.
   */
  values?: 'parameters' | 'inline';
}

/** A compiled query. */
export interface CloudTrailQuery {
  /** The SELECT statement. */
  sql: string;
  /** Values for the `?` placeholders, in order (empty in `inline` mode). */
  executionParameters: string[];
  /**
   * What must still run locally on the returned events (parts of the filters SQL could not express
   * exactly), or undefined when the SQL is exact.
   */
  residual: EventFilter | undefined;
  /** Human-readable list of what runs locally (for logs). */
  local: string[];
  /** The date partitions scanned, `yyyy/MM/dd` inclusive bounds. */
  dateRange: { from: string; to: string };
}

/**
 * Compile filters to one Athena SELECT over the CloudTrail table. Always prunes partitions: the date
 * partition by `since`/`until`, and the account and region partitions when given. Values are escaped
 * (see `sqlString`) and by default passed as execution parameters, never concatenated raw.
 *
 * @throws ConfigError when the filters are invalid.
 */
export function buildQuery(filters: CloudTrailFilters, options: BuildQueryOptions): CloudTrailQuery {
  validate(filters, options);
  const values = new SqlValues();
  const partitions = {
    timestamp: options.partitions?.timestamp ?? 'timestamp',
    region: options.partitions?.region ?? 'region',
    account: options.partitions?.account ?? 'account',
  };
  const since = toMillis(filters.since);
  const until = filters.until === undefined ? Date.now() : toMillis(filters.until);
  const dateRange = { from: partitionDate(since), to: partitionDate(Math.max(since, until - 1)) };
  const conditions: string[] = [];
  if (partitions.timestamp) {
    conditions.push(
      `${sqlIdentifier(partitions.timestamp)} BETWEEN ${values.value(dateRange.from)} AND ${values.value(dateRange.to)}`,
    );
  }
  conditions.push(`eventtime >= ${values.value(eventTimeText(since))}`);
  conditions.push(`eventtime < ${values.value(eventTimeText(until))}`);
  if (filters.accounts) {
    const column = partitions.account ? sqlIdentifier(partitions.account) : 'recipientaccountid';
    conditions.push(`${column} IN ${values.list(filters.accounts)}`);
  }
  if (filters.regions) {
    const column = partitions.region ? sqlIdentifier(partitions.region) : 'awsregion';
    conditions.push(`${column} IN ${values.list(filters.regions)}`);
  }

  const criteria: WhereCriteria = { ...filters.where };
  if (filters.eventNames !== undefined) criteria.eventName = filters.eventNames;
  if (filters.eventSources !== undefined) criteria.eventSource = filters.eventSources;
  if (filters.errorCodes !== undefined) criteria.errorCode = filters.errorCodes;
  if (filters.userIdentity?.type !== undefined) criteria.userIdentityType = filters.userIdentity.type;
  if (filters.userIdentity?.arn !== undefined) criteria.principal = filters.userIdentity.arn;
  if (filters.userIdentity?.accessKeyId !== undefined)
    criteria.accessKeyId = filters.userIdentity.accessKeyId;
  if (filters.userIdentity?.userName !== undefined) criteria.userName = filters.userIdentity.userName;
  // Fail on bad criteria now (core's where() validates them), not after a query ran.
  where(criteria);
  const pushed = whereToSql(criteria, values);
  conditions.push(...pushed.conditions);

  const residuals: EventFilter[] = [];
  const local: string[] = [];
  if (Object.keys(pushed.residual).length > 0) {
    residuals.push(where(pushed.residual));
    local.push(`where(${Object.keys(pushed.residual).join(', ')})`);
  }
  if (filters.pattern !== undefined) {
    const compiled = typeof filters.pattern === 'string' ? compilePattern(filters.pattern) : filters.pattern;
    const sql = patternToSql(compiled.ast, values);
    if (sql.sql) conditions.push(`(${sql.sql})`);
    if (!sql.exact) {
      residuals.push(compiled);
      local.push(`pattern(${compiled.text})`);
    }
  }
  if (filters.filter) {
    residuals.push(filters.filter);
    local.push('filter');
  }

  const from = options.database
    ? `${sqlIdentifier(options.database)}.${sqlIdentifier(options.table)}`
    : sqlIdentifier(options.table);
  let sql = `SELECT *\nFROM ${from}\nWHERE ${conditions.join('\n  AND ')}`;
  if (filters.orderByTime !== false) sql += '\nORDER BY eventtime';
  if (filters.limit !== undefined) sql += `\nLIMIT ${filters.limit}`;
  const finished = values.finish(sql, options.values ?? 'parameters');
  return {
    sql: finished.sql,
    executionParameters: finished.executionParameters,
    residual: combine(residuals),
    local,
    dateRange,
  };
}

function combine(filters: EventFilter[]): EventFilter | undefined {
  if (filters.length === 0) return undefined;
  if (filters.length === 1) return filters[0];
  return { test: (event) => filters.every((filter) => filter.test(event)) };
}

function partitionDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
}

function validate(filters: CloudTrailFilters, options: BuildQueryOptions): void {
  const fail = (detail: string): never => {
    throw new ConfigError('athena query', detail);
  };
  if (typeof filters !== 'object' || filters === null) fail('filters must be an object');
  if (typeof options.table !== 'string' || options.table === '') fail('table is required');
  if (filters.since === undefined) fail('since is required (it bounds the date partitions scanned)');
  for (const key of ['since', 'until'] as const) {
    const bound = filters[key];
    if (bound === undefined) continue;
    try {
      toMillis(bound);
    } catch {
      fail(`${key}: not a valid time: ${String(bound)}`);
    }
  }
  if (filters.until !== undefined && toMillis(filters.until) <= toMillis(filters.since))
    fail('until must be after since');
  for (const key of ['accounts', 'regions'] as const) {
    const list = filters[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string')) {
      fail(`${key} must be a non-empty array of strings`);
    }
  }
  if (filters.limit !== undefined && (!Number.isInteger(filters.limit) || filters.limit < 1)) {
    fail(`limit must be a positive integer, got ${String(filters.limit)}`);
  }
  if (options.values !== undefined && options.values !== 'parameters' && options.values !== 'inline') {
    fail(`values must be 'parameters' or 'inline', got ${String(options.values)}`);
  }
}
