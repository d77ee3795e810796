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
import { checkExecutionParameters, checkQueryLength } from './athena-limits';
import { quotedName } from './athena-names';
import { CLOUDTRAIL_DELIVERY_DELAY_MINUTES, partitionDateRange } from './partition-dates';
import { patternToSql } from './pattern-to-sql';
import { type SqlFragment, renderSql, sql, sqlJoin, sqlList, trustedSql } from './sql-fragment';
import { eventTimeText, toMillis, whereToSql } from './where-to-sql';

const COMPONENT = 'athena query';

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
  /**
   * Database (schema) of the table; left out of the SQL when not given. An Athena name: lower-case letters,
   * digits and `_`, 1 to 255 characters.
   */
  database?: string;
  /** The CloudTrail table (an Athena name, like `database`). */
  table: string;
  /**
   * Partition column names (default `account`, `region`, `timestamp`, as `createTableSql` makes them); Athena
   * names, like `database`.
   */
  partitions?: PartitionColumns;
  /**
   * Minutes CloudTrail may take to deliver an event (default 15, as `s3Source`'s `lookBackMinutes`). The date
   * partitions scanned run to the day of `until` plus this delay, so that events of the last minutes before
   * `until`, delivered into the next day's folder, are found; `eventtime` is still bounded exactly.
   */
  deliveryDelayMinutes?: number;
  /**
   * How values reach Athena: `parameters` (default) as `?` placeholders with the escaped literals in
   * `executionParameters` (each at most 1,024 characters, Athena's limit), or `inline` as escaped literals in
   * the SQL text.
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
  /**
   * The date partitions scanned, `yyyy/MM/dd` inclusive bounds: from the day of `since` to the day of `until`
   * plus the delivery delay.
   */
  dateRange: { from: string; to: string };
}

/**
 * Compile filters to one Athena SELECT over the CloudTrail table. Always prunes partitions: the date
 * partition by `since`/`until` (widened by `deliveryDelayMinutes` after `until`), and the account and region
 * partitions when given. The statement is built as fragments that keep SQL text and values apart; values
 * are escaped (see `sqlString`) and by default passed as execution parameters, never concatenated raw.
 * Names (database, table, partition columns) must be Athena names.
 *
 * @throws ConfigError when the filters are invalid.
 * @throws AthenaNameError when a name breaks Athena's rules.
 * @throws AthenaLimitError when an execution parameter or the query is longer than Athena accepts.
 */
export function buildQuery(filters: CloudTrailFilters, options: BuildQueryOptions): CloudTrailQuery {
  const config = validate(filters, options);
  const since = toMillis(filters.since);
  const until = filters.until === undefined ? Date.now() : toMillis(filters.until);
  const dateRange = partitionDateRange(since, until, config.deliveryDelayMinutes);
  const conditions: SqlFragment[] = [];
  if (config.partitions.timestamp) {
    conditions.push(sql`${config.partitions.timestamp} BETWEEN ${dateRange.from} AND ${dateRange.to}`);
  }
  conditions.push(sql`eventtime >= ${eventTimeText(since)}`);
  conditions.push(sql`eventtime < ${eventTimeText(until)}`);
  if (filters.accounts) {
    const column = config.partitions.account ?? trustedSql('recipientaccountid');
    conditions.push(sql`${column} IN ${sqlList(filters.accounts)}`);
  }
  if (filters.regions) {
    const column = config.partitions.region ?? trustedSql('awsregion');
    conditions.push(sql`${column} IN ${sqlList(filters.regions)}`);
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
  const pushed = whereToSql(criteria);
  conditions.push(...pushed.conditions);

  const residuals: EventFilter[] = [];
  const local: string[] = [];
  if (Object.keys(pushed.residual).length > 0) {
    residuals.push(where(pushed.residual));
    local.push(`where(${Object.keys(pushed.residual).join(', ')})`);
  }
  if (filters.pattern !== undefined) {
    const compiled = typeof filters.pattern === 'string' ? compilePattern(filters.pattern) : filters.pattern;
    const translated = patternToSql(compiled.ast);
    if (translated.sql) conditions.push(sql`(${translated.sql})`);
    if (!translated.exact) {
      residuals.push(compiled);
      local.push(`pattern(${compiled.text})`);
    }
  }
  if (filters.filter) {
    residuals.push(filters.filter);
    local.push('filter');
  }

  const from = config.database ? sql`${config.database}.${config.table}` : config.table;
  let statement = sql`SELECT *\nFROM ${from}\nWHERE ${sqlJoin(conditions, sql`\n  AND `)}`;
  if (filters.orderByTime !== false) statement = sql`${statement}\nORDER BY eventtime`;
  if (filters.limit !== undefined) statement = sql`${statement}\nLIMIT ${trustedSql(String(filters.limit))}`;
  const rendered = renderSql(statement, config.values);
  checkExecutionParameters(
    COMPONENT,
    'executionParameters',
    rendered.executionParameters,
    "a value this long can only be sent inline (queryOptions values: 'inline')",
  );
  checkQueryLength(COMPONENT, 'query', rendered.sql);
  return {
    sql: rendered.sql,
    executionParameters: rendered.executionParameters,
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

/** The checked names and settings of a query. */
interface QueryConfig {
  database: SqlFragment | undefined;
  table: SqlFragment;
  partitions: { timestamp?: SqlFragment; region?: SqlFragment; account?: SqlFragment };
  deliveryDelayMinutes: number;
  values: 'parameters' | 'inline';
}

function validate(filters: CloudTrailFilters, options: BuildQueryOptions): QueryConfig {
  const fail = (detail: string): never => {
    throw new ConfigError(COMPONENT, detail);
  };
  if (typeof filters !== 'object' || filters === null) fail('filters must be an object');
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  if (options.table === undefined || options.table === '') fail('table is required');
  const table = quotedName(COMPONENT, 'table', options.table);
  const database =
    options.database === undefined ? undefined : quotedName(COMPONENT, 'database', options.database);
  const partitions: QueryConfig['partitions'] = {};
  for (const key of ['timestamp', 'region', 'account'] as const) {
    const name = options.partitions?.[key] ?? key;
    if (name !== false) partitions[key] = quotedName(COMPONENT, `partitions.${key}`, name);
  }
  const delay = options.deliveryDelayMinutes ?? CLOUDTRAIL_DELIVERY_DELAY_MINUTES;
  if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0 || delay > 1440) {
    fail(`deliveryDelayMinutes must be a number from 0 to 1440, got ${String(delay)}`);
  }
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
  if (filters.limit !== undefined && (!Number.isSafeInteger(filters.limit) || filters.limit < 1)) {
    fail(`limit must be a positive integer, got ${String(filters.limit)}`);
  }
  if (options.values !== undefined && options.values !== 'parameters' && options.values !== 'inline') {
    fail(`values must be 'parameters' or 'inline', got ${String(options.values)}`);
  }
  return { database, table, partitions, deliveryDelayMinutes: delay, values: options.values ?? 'parameters' };
}
