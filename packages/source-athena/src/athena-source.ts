import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  ConfigError,
  type EventFilter,
  ParseError,
  recordFault,
  DEFAULT_CHECKS,
  type Position,
  type ReadContext,
  type Source,
  type SourceBatch,
  type TrailEvent,
  setOrigin,
  sleep,
} from '@trailkit/core';
import { isRetryableAwsError, resolveAwsClient, retry } from '@trailkit/core/plugin';
import { AthenaQueryError, RowMappingError } from './errors';
import { type AthenaSourceOptions, resolveOptions } from './options';
import { buildQuery } from './query-builder';
import { rowToEvent } from './row-to-event';

/** The position of an Athena read: the query, and the page and rows of it already delivered. */
export interface AthenaPosition {
  queryExecutionId: string;
  /** The NextToken of the page being read (`null` for the first page). */
  nextToken: string | null;
  /** Rows of that page already delivered (the header row of the first page included). */
  rowsDone: number;
  [key: string]: string | number | null;
}

const COMPONENT = 'athenaSource';

/**
 * Read CloudTrail events from Athena: start the query (yours, or one built from `filters` with partition
 * pruning and filter pushdown), poll with backoff until it succeeds, then stream `GetQueryResults` page by
 * page (one page in memory at a time), mapping each row back to a CloudTrail record. The run's abort stops
 * the query (StopQueryExecution). A resumed run continues the same query's results from its position.
 *
 * @throws ConfigError when options are invalid.
 * @throws AthenaNameError when a database, table, partition column, catalog or workgroup name breaks
 *   Athena's rules.
 * @throws AthenaLimitError when an execution parameter or the query is longer than Athena accepts.
 */
export function athenaSource(options: AthenaSourceOptions): Source {
  const config = resolveOptions(options);
  const built = config.filters
    ? buildQuery(config.filters, {
        ...config.queryOptions,
        database: config.database,
        table: config.table as string,
      })
    : undefined;
  const queryString = built ? built.sql : (config.query as string);
  const parameters = built ? built.executionParameters : config.executionParameters;
  const residual: EventFilter | undefined = built?.residual;
  let client: AthenaClient | undefined;
  const getClient = () => {
    client ??= resolveAwsClient(COMPONENT, config, (c) => new AthenaClient(c));
    return client;
  };

  return {
    name: config.name,
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      const athena = getClient();
      const call = <T>(fn: () => Promise<T>) =>
        retry(fn, {
          ...config.retry,
          signal: ctx.signal,
          shouldRetry: isRetryableAwsError,
          onRetry: (error, attempt, delay) =>
            ctx.log.warn('athena call retried', { error: String(error), attempt, delayMs: delay }),
        });
      const from = readPosition(ctx.from);
      let queryExecutionId: string;
      if (from) {
        queryExecutionId = from.queryExecutionId;
        ctx.log.info('resuming athena query', { queryExecutionId, rowsDone: from.rowsDone });
      } else {
        const started = await call(() =>
          athena.send(
            new StartQueryExecutionCommand({
              QueryString: queryString,
              QueryExecutionContext: {
                Database: config.database,
                ...(config.catalog ? { Catalog: config.catalog } : {}),
              },
              ...(config.workGroup ? { WorkGroup: config.workGroup } : {}),
              ...(config.outputLocation
                ? { ResultConfiguration: { OutputLocation: config.outputLocation } }
                : {}),
              ...(parameters && parameters.length > 0 ? { ExecutionParameters: parameters } : {}),
            }),
            { abortSignal: ctx.signal },
          ),
        );
        queryExecutionId = started.QueryExecutionId as string;
        ctx.log.info('athena query started', { queryExecutionId, local: built?.local });
      }

      // Wait for the query; if the run is aborted meanwhile, stop the query before returning.
      try {
        let wait = config.pollInterval;
        for (;;) {
          const { QueryExecution } = await call(() =>
            athena.send(new GetQueryExecutionCommand({ QueryExecutionId: queryExecutionId }), {
              abortSignal: ctx.signal,
            }),
          );
          const state = QueryExecution?.Status?.State;
          const reason = QueryExecution?.Status?.StateChangeReason;
          if (state === 'SUCCEEDED') break;
          if (state === 'FAILED') {
            throw new AthenaQueryError('ATHENA_QUERY_FAILED', queryExecutionId, 'query failed', reason);
          }
          if (state === 'CANCELLED') {
            throw new AthenaQueryError(
              'ATHENA_QUERY_CANCELLED',
              queryExecutionId,
              'query was cancelled',
              reason,
            );
          }
          await sleep(wait, ctx.signal);
          wait = Math.min(config.maxPollInterval, Math.ceil(wait * 1.5));
        }
      } catch (error) {
        if (!ctx.signal.aborted) {
          if (from && (error as { name?: string }).name === 'InvalidRequestException') {
            throw new AthenaQueryError(
              'ATHENA_RESULTS_UNAVAILABLE',
              queryExecutionId,
              'cannot resume: the query is unknown',
              (error as Error).message,
              { cause: error },
            );
          }
          throw error;
        }
        if (!AthenaQueryError.isInstance(error)) await stopQuery(athena, queryExecutionId, ctx);
        return;
      }

      // Stream the results, one page at a time.
      let pageToken: string | null = from?.nextToken ?? null;
      let skip = from?.rowsDone ?? 0;
      let rowIndex = 0;
      let columns: string[] | undefined;
      for (;;) {
        if (ctx.signal.aborted) return;
        let page: GetQueryResultsCommandOutput;
        try {
          page = await call(() =>
            athena.send(
              new GetQueryResultsCommand({
                QueryExecutionId: queryExecutionId,
                MaxResults: config.pageSize,
                ...(pageToken ? { NextToken: pageToken } : {}),
              }),
              { abortSignal: ctx.signal },
            ),
          );
        } catch (error) {
          if (ctx.signal.aborted) return;
          if ((error as { name?: string }).name === 'InvalidRequestException' && from) {
            throw new AthenaQueryError(
              'ATHENA_RESULTS_UNAVAILABLE',
              queryExecutionId,
              'cannot resume: results are not available',
              (error as Error).message,
              { cause: error },
            );
          }
          throw error;
        }
        columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) =>
          (c.Name ?? '').toLowerCase(),
        );
        const rows = page.ResultSet?.Rows ?? [];
        const first = pageToken === null;
        let done = skip;
        let events: TrailEvent[] = [];
        let consumed = 0;
        for (let i = skip; i < rows.length; i += 1) {
          done = i + 1;
          if (first && i === 0) continue; // the header row
          const cells = (rows[i]?.Data ?? []).map((d) => d.VarCharValue);
          const index = rowIndex++;
          const event = mapRow(columns, cells, queryExecutionId, index, ctx);
          consumed += 1;
          if (event && (!residual || residual.test(event))) events.push(event);
          if (consumed >= config.batchSize) {
            yield batch(events, { queryExecutionId, nextToken: pageToken, rowsDone: done });
            events = [];
            consumed = 0;
          }
        }
        const next = page.NextToken ?? null;
        if (events.length > 0 || consumed > 0) {
          const position: AthenaPosition = next
            ? { queryExecutionId, nextToken: next, rowsDone: 0 }
            : { queryExecutionId, nextToken: pageToken, rowsDone: done };
          yield batch(events, position);
        }
        if (!next) return;
        pageToken = next;
        skip = 0;
      }
    },
  };
}

async function stopQuery(athena: AthenaClient, queryExecutionId: string, ctx: ReadContext): Promise<void> {
  try {
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: queryExecutionId }));
    ctx.log.info('athena query stopped', { queryExecutionId });
  } catch (error) {
    ctx.log.warn('athena StopQueryExecution failed', { queryExecutionId, error: String(error) });
  }
}

function batch(events: TrailEvent[], position: AthenaPosition): SourceBatch {
  return { events, position };
}

function mapRow(
  columns: readonly string[],
  cells: ReadonlyArray<string | undefined>,
  queryExecutionId: string,
  index: number,
  ctx: ReadContext,
): TrailEvent | undefined {
  const location = { input: `athena:${queryExecutionId}`, offset: 0, recordIndex: index };
  try {
    const event = rowToEvent(columns, cells);
    // The rule every source applies (the parser's): CloudTrail's fields, nesting and size limits.
    const fault = recordFault(event as Record<string, unknown>, DEFAULT_CHECKS);
    if (fault) {
      ctx.onInvalid(new ParseError(fault.code, `row ${index}: ${fault.detail}`, location));
      return undefined;
    }
    return setOrigin(event, { source: 'athena', object: location.input, index });
  } catch (error) {
    if (!RowMappingError.isInstance(error)) throw error;
    ctx.onInvalid(
      new ParseError('PARSE_INVALID_JSON', `row ${index}: ${error.message}`, location, { cause: error }),
    );
    return undefined;
  }
}

function readPosition(from: Position | undefined): AthenaPosition | undefined {
  if (from === undefined || from === null) return undefined;
  const value = from as Partial<AthenaPosition>;
  if (
    typeof from !== 'object' ||
    typeof value.queryExecutionId !== 'string' ||
    (value.nextToken !== null && typeof value.nextToken !== 'string') ||
    typeof value.rowsDone !== 'number'
  ) {
    throw new ConfigError('athenaSource', `cannot resume from position ${JSON.stringify(from)}`);
  }
  return value as AthenaPosition;
}
