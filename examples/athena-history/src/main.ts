/**
 * Example: ask Athena about CloudTrail history and print the events as NDJSON.
 *
 *   ATHENA_DATABASE=security ATHENA_TABLE=cloudtrail_logs ATHENA_OUTPUT_LOCATION=s3://my-athena-results/ \
 *   SINCE=2024-11-01 EVENT_NAMES=ConsoleLogin pnpm --filter @trailkit-examples/athena-history start
 *
 *   # print the CREATE TABLE statement for your trail's bucket instead:
 *   PRINT_DDL=1 TRAIL_BUCKET=my-trail-bucket ACCOUNTS=123456789012 REGIONS=us-east-1 START_DATE=2024/01/01 ...
 *
 * Environment: ATHENA_DATABASE, ATHENA_TABLE (required); ATHENA_OUTPUT_LOCATION, ATHENA_WORKGROUP; SINCE (default:
 * 7 days ago), UNTIL; ACCOUNTS, REGIONS, EVENT_NAMES, EVENT_SOURCES, ERROR_CODES (comma-separated, `*` wildcards at
 * the start/end); FILTER_PATTERN (a CloudWatch Logs filter pattern, translated to SQL where possible); LIMIT.
 * PRINT_DDL=1 prints `createTableSql` for TRAIL_BUCKET, TRAIL_PREFIX, ORGANIZATION_ID, ACCOUNTS, REGIONS, START_DATE.
 * AWS credentials and region come from the usual AWS environment; AWS_ENDPOINT_URL points the client elsewhere.
 */
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { AthenaClient } from '@aws-sdk/client-athena';
import { ConfigError, pipeline, type RunSummary, type Sink, type TrailEvent } from '@trailkit/core';
import { athenaSource, buildQuery, type CloudTrailFilters, createTableSql } from '@trailkit/source-athena';

/** Options of {@link main}. */
export interface AthenaHistoryOptions {
  database: string;
  table: string;
  outputLocation?: string;
  workGroup?: string;
  filters: CloudTrailFilters;
  /** Where NDJSON lines go (default stdout). */
  out?: Writable;
  /** Where the SQL and the summary go (default stderr). */
  log?: Writable;
  /** A ready client (tests); otherwise one is built from the AWS environment. */
  client?: AthenaClient;
  endpoint?: string;
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

const list = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;

/** Read the example's settings from environment variables. Throws `ConfigError` when required ones are missing. */
export function optionsFromEnv(
  env: Record<string, string | undefined> = process.env,
  now = Date.now(),
): AthenaHistoryOptions {
  if (!env.ATHENA_DATABASE || !env.ATHENA_TABLE) {
    throw new ConfigError('athena-history', 'set ATHENA_DATABASE and ATHENA_TABLE');
  }
  const filters: CloudTrailFilters = { since: env.SINCE || new Date(now - 7 * 86_400_000).toISOString() };
  if (env.UNTIL) filters.until = env.UNTIL;
  const accounts = list(env.ACCOUNTS);
  const regions = list(env.REGIONS);
  const eventNames = list(env.EVENT_NAMES);
  const eventSources = list(env.EVENT_SOURCES);
  const errorCodes = list(env.ERROR_CODES);
  if (accounts) filters.accounts = accounts;
  if (regions) filters.regions = regions;
  if (eventNames) filters.eventNames = eventNames;
  if (eventSources) filters.eventSources = eventSources;
  if (errorCodes) filters.errorCodes = errorCodes;
  if (env.FILTER_PATTERN) filters.pattern = env.FILTER_PATTERN;
  if (env.LIMIT) filters.limit = Number(env.LIMIT);
  return {
    database: env.ATHENA_DATABASE,
    table: env.ATHENA_TABLE,
    outputLocation: env.ATHENA_OUTPUT_LOCATION || undefined,
    workGroup: env.ATHENA_WORKGROUP || undefined,
    filters,
    endpoint: env.AWS_ENDPOINT_URL || undefined,
  };
}

/** The CREATE TABLE statement from environment variables (PRINT_DDL mode). */
export function ddlFromEnv(env: Record<string, string | undefined> = process.env): string {
  if (!env.TRAIL_BUCKET || !env.ACCOUNTS || !env.REGIONS || !env.START_DATE) {
    throw new ConfigError('athena-history', 'PRINT_DDL needs TRAIL_BUCKET, ACCOUNTS, REGIONS and START_DATE');
  }
  return createTableSql({
    database: env.ATHENA_DATABASE || undefined,
    table: env.ATHENA_TABLE || 'cloudtrail_logs',
    bucket: env.TRAIL_BUCKET,
    prefix: env.TRAIL_PREFIX || undefined,
    organizationId: env.ORGANIZATION_ID || undefined,
    accounts: list(env.ACCOUNTS) ?? [],
    regions: list(env.REGIONS) ?? [],
    startDate: env.START_DATE,
  });
}

/** A sink printing each event as one JSON line. */
function ndjsonSink(out: Writable): Sink<TrailEvent> {
  return {
    name: 'ndjson',
    async write(items) {
      const text = items.map((item) => `${JSON.stringify(item)}\n`).join('');
      if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
    },
  };
}

/** Run the query and print the events. */
export async function main(options: AthenaHistoryOptions): Promise<RunSummary> {
  const log = options.log ?? process.stderr;
  const query = buildQuery(options.filters, { database: options.database, table: options.table });
  log.write(`-- query\n${query.sql}\n-- parameters: ${JSON.stringify(query.executionParameters)}\n`);
  if (query.local.length > 0) log.write(`-- checked locally: ${query.local.join(', ')}\n`);
  const source = athenaSource({
    database: options.database,
    table: options.table,
    filters: options.filters,
    ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}),
    ...(options.workGroup ? { workGroup: options.workGroup } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollInterval: options.pollIntervalMs } : {}),
    ...(options.client
      ? { client: options.client }
      : { clientConfig: options.endpoint ? { endpoint: options.endpoint } : {} }),
  });
  const summary = await pipeline()
    .from(source)
    .to(ndjsonSink(options.out ?? process.stdout))
    .run({ signal: options.signal, onInvalid: 'skip' });
  log.write(`-- ${summary.events.read} events, ${summary.events.invalid} invalid rows\n`);
  return summary;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.env.PRINT_DDL) {
    process.stdout.write(`${ddlFromEnv()}\n`);
  } else {
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    await main({ ...optionsFromEnv(), signal: controller.signal });
  }
}
