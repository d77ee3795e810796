import {
  CancelQueryCommand,
  CloudTrailClient,
  type CloudTrailClientConfig,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigError,
  DEFAULT_CHECKS,
  type JsonValue,
  ParseError,
  type ReadContext,
  recordFault,
  type Source,
  type SourceBatch,
  setOrigin,
} from '@trailkit/core';
import { isRetryableAwsError, resolveAwsClient, retry, sleep, validateOptions } from '@trailkit/core/plugin';
import { CloudTrailSourceError } from './errors';
import { type CloudTrailFilters, compileFilters } from './filters';
import { lakeRowToRecord } from './lake-columns';
import { buildLakeQuery } from './lake-query';
import { CLOUDTRAIL_LAKE_SOURCE_SCHEMA } from './options';

/** Options of {@link cloudTrailLakeSource}. */
export interface CloudTrailLakeSourceOptions {
  /** The event data store: its ARN or ID. */
  eventDataStore: string;
  /** Time range and filters: pushed into the query's `WHERE` where Lake can, the rest run locally. */
  filters?: CloudTrailFilters;
  /** First wait between DescribeQuery polls in ms (default 500); grows ×1.5 up to `maxPollInterval`. */
  pollInterval?: number;
  /** Longest wait between polls in ms (default 5000). */
  maxPollInterval?: number;
  /** Rows per GetQueryResults page, 1–1000 (default 1000). */
  pageSize?: number;
  /** Attempts for each call on throttling and 5xx errors (default 6). */
  attempts?: number;
  /** A ready client (tests, custom middleware). Not with `clientConfig`. */
  client?: CloudTrailClient;
  /** Settings for the client this source builds. Not with `client`. */
  clientConfig?: CloudTrailClientConfig;
  /** Source name, also the checkpoint key (default `cloudtrail-lake`). */
  name?: string;
}

/** The position of a Lake read: the query, and the page of its results to read next. */
export interface CloudTrailLakePosition {
  queryId: string;
  /** The NextToken of the next page (`null`: the first page, unless `done`). */
  nextToken: string | null;
  /** True when every page has been delivered. */
  done: boolean;
  /** Rows delivered so far (the next event's `origin.index`). */
  rows: number;
  [key: string]: JsonValue;
}

type Settings = Required<
  Pick<
    CloudTrailLakeSourceOptions,
    'eventDataStore' | 'pollInterval' | 'maxPollInterval' | 'pageSize' | 'attempts' | 'name'
  >
> & { filters: CloudTrailFilters; client?: CloudTrailClient; clientConfig?: CloudTrailClientConfig };

const COMPONENT = 'cloudTrailLakeSource';

/**
 * Read CloudTrail events from a CloudTrail Lake event data store: `StartQuery` with a statement built from
 * the filters (time range and exact values pushed into `WHERE`, values as escaped literals), `DescribeQuery`
 * polled with backoff until FINISHED, then `GetQueryResults` page by page (one batch per page), rows mapped
 * back to records and checked as the parser checks records. The whole filter also runs locally. Aborting
 * the read while the query runs calls `CancelQuery`. A resumed read goes on with the same query's next page.
 *
 * @throws ConfigError when options are invalid (including a filter pattern that does not parse).
 */
export function cloudTrailLakeSource(options: CloudTrailLakeSourceOptions): Source {
  const config = validateOptions<Settings>(COMPONENT, CLOUDTRAIL_LAKE_SOURCE_SCHEMA, options);
  const filters = compileFilters(config.filters, COMPONENT);
  let query: ReturnType<typeof buildLakeQuery>;
  try {
    query = buildLakeQuery(config.eventDataStore, filters);
  } catch (error) {
    // an event data store id or a filter value that cannot be SQL (control characters)
    throw new ConfigError(COMPONENT, (error as Error).message);
  }
  let client: CloudTrailClient | undefined;

  return {
    name: config.name,
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      client ??= resolveAwsClient(COMPONENT, config, (c) => new CloudTrailClient(c));
      const cloudtrail = client;
      const call = <T>(what: string, object: string, fn: () => Promise<T>): Promise<T> =>
        retry(fn, {
          attempts: config.attempts,
          baseMs: 200,
          maxMs: 10_000,
          signal: ctx.signal,
          shouldRetry: isRetryableAwsError,
          onRetry: (error, attempt, delayMs) =>
            ctx.log.warn(`${what} retried`, { error: String(error), attempt, delayMs }),
        }).catch((error: unknown) => {
          if (ctx.signal.aborted) throw error;
          throw new CloudTrailSourceError(
            'CLOUDTRAIL_REQUEST_FAILED',
            config.name,
            object,
            `${what} failed: ${(error as { name?: string }).name ?? 'Error'}: ${(error as Error).message}`,
            { cause: error },
          );
        });

      const from = ctx.from as CloudTrailLakePosition | undefined;
      if (from?.done) return;
      let queryId = from?.queryId;
      if (queryId === undefined) {
        ctx.log.info('starting CloudTrail Lake query', { statement: query.statement });
        const started = await call('StartQuery', config.eventDataStore, () =>
          cloudtrail.send(new StartQueryCommand({ QueryStatement: query.statement }), {
            abortSignal: ctx.signal,
          }),
        );
        queryId = started.QueryId as string;
        await waitForQuery(ctx, cloudtrail, queryId, config, call);
        if (ctx.signal.aborted) return;
      }
      const id = queryId;
      let nextToken = from?.nextToken ?? null;
      let rows = from?.rows ?? 0;
      for (;;) {
        const page: GetQueryResultsCommandOutput = await call('GetQueryResults', id, () =>
          cloudtrail.send(
            new GetQueryResultsCommand({
              QueryId: id,
              MaxQueryResults: config.pageSize,
              ...(nextToken === null ? {} : { NextToken: nextToken }),
            }),
            { abortSignal: ctx.signal },
          ),
        );
        const events = [];
        for (const row of page.QueryResultRows ?? []) {
          const index = rows++;
          const record = lakeRowToRecord(row);
          const fault = recordFault(record, DEFAULT_CHECKS);
          if (fault !== undefined) {
            ctx.onInvalid(
              new ParseError(fault.code, fault.detail, {
                input: `lake://${id}`,
                offset: 0,
                recordIndex: index,
              }),
            );
            continue;
          }
          setOrigin(record, { source: 'cloudtrail-lake', object: `lake://${id}`, index });
          if (filters.test(record)) events.push(record);
        }
        nextToken = page.NextToken ?? null;
        const position: CloudTrailLakePosition = { queryId: id, nextToken, done: nextToken === null, rows };
        yield { events, position };
        if (nextToken === null || ctx.signal.aborted) return;
      }
    },
  };
}

async function waitForQuery(
  ctx: ReadContext,
  client: CloudTrailClient,
  queryId: string,
  config: Settings,
  call: <T>(what: string, object: string, fn: () => Promise<T>) => Promise<T>,
): Promise<void> {
  let wait = config.pollInterval;
  const cancel = async () => {
    try {
      await client.send(new CancelQueryCommand({ QueryId: queryId }));
      ctx.log.info('CloudTrail Lake query cancelled', { queryId });
    } catch (error) {
      ctx.log.warn('CancelQuery failed', { queryId, error: String(error) });
    }
  };
  for (;;) {
    if (ctx.signal.aborted) return cancel();
    let status: string | undefined;
    let message: string | undefined;
    try {
      const described = await call('DescribeQuery', queryId, () =>
        client.send(new DescribeQueryCommand({ QueryId: queryId }), { abortSignal: ctx.signal }),
      );
      status = described.QueryStatus;
      message = described.ErrorMessage;
    } catch (error) {
      if (ctx.signal.aborted) return cancel();
      throw error;
    }
    if (status === 'FINISHED') return;
    if (status === 'FAILED' || status === 'TIMED_OUT' || status === 'CANCELLED') {
      throw new CloudTrailSourceError(
        'CLOUDTRAIL_QUERY_FAILED',
        config.name,
        queryId,
        `the query ended ${status}${message ? `: ${message}` : ''}`,
      );
    }
    try {
      await sleep(wait, ctx.signal);
    } catch {
      return cancel();
    }
    wait = Math.min(config.maxPollInterval, Math.round(wait * 1.5));
  }
}
