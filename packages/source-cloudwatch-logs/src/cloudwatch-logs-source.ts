import {
  CloudWatchLogsClient,
  type CloudWatchLogsClientConfig,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigError,
  type FilterPattern,
  ParseError,
  type ReadContext,
  type Source,
  type SourceBatch,
  type TimeBound,
  type TrailEvent,
  parseRecord,
  pattern as compilePattern,
  retry,
  sleep,
} from '@trailkit/core';
import { CloudWatchLogsSourceError } from './errors';
import { type CloudWatchLogsPosition, SeenEvents, readPosition } from './position';

/** Options of {@link cloudWatchLogsSource}. */
export interface CloudWatchLogsSourceOptions {
  /** The log group the trail delivers to. */
  logGroupName: string;
  /** Only these log streams (at most 100). Default: every stream of the group. */
  logStreamNames?: readonly string[];
  /** A filter pattern, run by CloudWatch Logs (`filterPattern`): text, or core's `pattern()`. */
  pattern?: string | FilterPattern;
  /** Events at or after this time. Default: the start of the group (now, in follow mode). */
  since?: TimeBound;
  /** Events at or before this time (CloudWatch Logs' `endTime` is inclusive). Not with `follow`. */
  until?: TimeBound;
  /** Keep polling for new events after reaching the end, until the run is aborted (default false). */
  follow?: boolean;
  /** Wait between polls in follow mode, in ms (default 5000). */
  pollInterval?: number;
  /**
   * How far back each poll re-reads, in ms, to pick up events ingested late with an older timestamp
   * (default 60000). Events already delivered in this window are skipped by id.
   */
  lateness?: number;
  /** A ready client (tests, custom middleware). Not with `clientConfig`. */
  client?: CloudWatchLogsClient;
  /** Options for the client this source builds. Not with `client`. */
  clientConfig?: CloudWatchLogsClientConfig;
  /** Log events per FilterLogEvents call and per yielded batch, 1–10000 (default 1000). */
  batchSize?: number;
  /** Attempts per call on throttling and 5xx errors (default 8). */
  attempts?: number;
  /** Source name, also the checkpoint key (default `cloudwatch-logs`). */
  name?: string;
}

const RETRYABLE = new Set([
  'ThrottlingException',
  'LimitExceededException',
  'ServiceUnavailableException',
  'InternalFailure',
]);

/**
 * Read CloudTrail events from a CloudWatch Logs log group with `FilterLogEvents`: the filter pattern is
 * pushed down, every page is read, and in `follow` mode the group is polled for new events without gaps
 * or duplicates (each poll re-reads from the newest timestamp delivered minus `lateness` and skips the
 * event ids already delivered, so events with equal timestamps and late ingestion are handled). Each log
 * event's message is parsed by core's parser; its origin is `<logGroup>/<logStream>`.
 *
 * Positions are `{ timestamp, seenIds }`: a resumed run continues after the last delivered event.
 *
 * @throws ConfigError when options are invalid (including a filter pattern that does not parse).
 */
export function cloudWatchLogsSource(options: CloudWatchLogsSourceOptions): Source {
  const config = validate(options);
  let client: CloudWatchLogsClient | undefined = options.client;

  return {
    name: config.name,
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      client ??= new CloudWatchLogsClient(options.clientConfig ?? {});
      const logs = client;
      const from = readPosition(ctx.from);
      const start = from ? from.timestamp : (config.since ?? (config.follow ? Date.now() : 0));
      const seen = new SeenEvents(start, config.lateness, from?.seenIds ?? []);
      // Never read before `since` (or, following from now, before the start).
      const floor = config.since ?? (from ? 0 : start);
      let firstPass = true;
      let index = 0;
      const call = (input: FilterLogEventsCommandInput) =>
        retry(() => logs.send(new FilterLogEventsCommand(input), { abortSignal: ctx.signal }), {
          attempts: config.attempts,
          baseMs: 200,
          maxMs: 10_000,
          signal: ctx.signal,
          shouldRetry: (error) => RETRYABLE.has((error as { name?: string }).name ?? ''),
          onRetry: (error, attempt, delayMs) =>
            ctx.log.warn('FilterLogEvents retried', { error: String(error), attempt, delayMs }),
        });

      for (;;) {
        // One pass: from the newest delivered timestamp minus the look-back window, to the end.
        const startTime = firstPass && !from ? start : Math.max(floor, seen.newest - config.lateness);
        firstPass = false;
        let nextToken: string | undefined;
        do {
          let page: FilterLogEventsCommandOutput;
          try {
            page = await call({
              logGroupName: config.logGroupName,
              ...(config.logStreamNames ? { logStreamNames: [...config.logStreamNames] } : {}),
              ...(config.filterPattern ? { filterPattern: config.filterPattern } : {}),
              startTime,
              ...(config.until !== undefined ? { endTime: config.until } : {}),
              limit: config.batchSize,
              ...(nextToken ? { nextToken } : {}),
            });
          } catch (error) {
            if (ctx.signal.aborted) return;
            throw requestError(config.logGroupName, error);
          }
          const events: TrailEvent[] = [];
          for (const logEvent of page.events ?? []) {
            const id =
              logEvent.eventId ?? `${logEvent.logStreamName}/${logEvent.timestamp}/${logEvent.message}`;
            if (seen.has(id)) continue;
            seen.add(id, logEvent.timestamp ?? seen.newest);
            const name = `${config.logGroupName}/${logEvent.logStreamName ?? ''}`;
            try {
              events.push(
                parseRecord(logEvent.message ?? '', { source: 'cloudwatch-logs', name, index: index++ }),
              );
            } catch (error) {
              if (!ParseError.isInstance(error)) throw error;
              ctx.log.warn('invalid CloudWatch Logs message', { logGroup: config.logGroupName, eventId: id });
              ctx.onInvalid(error);
            }
          }
          if (events.length > 0) yield { events, position: seen.position() satisfies CloudWatchLogsPosition };
          nextToken = page.nextToken;
          if (ctx.signal.aborted) return;
        } while (nextToken);
        if (!config.follow) return;
        try {
          await sleep(config.pollInterval, ctx.signal);
        } catch {
          return;
        }
      }
    },
  };
}

function requestError(logGroupName: string, error: unknown): CloudWatchLogsSourceError {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'ResourceNotFoundException') {
    return new CloudWatchLogsSourceError('CWL_LOG_GROUP_NOT_FOUND', logGroupName, message, { cause: error });
  }
  return new CloudWatchLogsSourceError('CWL_REQUEST_FAILED', logGroupName, `${name}: ${message}`, {
    cause: error,
  });
}

function toMillis(name: string, bound: TimeBound | undefined): number | undefined {
  if (bound === undefined) return undefined;
  const ms = bound instanceof Date ? bound.getTime() : typeof bound === 'number' ? bound : Date.parse(bound);
  if (!Number.isFinite(ms))
    throw new ConfigError('cloudWatchLogsSource', `${name} is not a valid time: ${String(bound)}`);
  return ms;
}

function validate(options: CloudWatchLogsSourceOptions) {
  const fail = (detail: string): never => {
    throw new ConfigError('cloudWatchLogsSource', detail);
  };
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  if (typeof options.logGroupName !== 'string' || options.logGroupName === '')
    fail('logGroupName is required');
  const streams = options.logStreamNames;
  if (streams !== undefined) {
    if (!Array.isArray(streams) || streams.length === 0 || streams.length > 100) {
      fail('logStreamNames must be an array of 1 to 100 stream names');
    }
    if (streams.some((s) => typeof s !== 'string' || s === ''))
      fail('logStreamNames must be non-empty strings');
  }
  let filterPattern: string | undefined;
  if (typeof options.pattern === 'string') {
    try {
      filterPattern = compilePattern(options.pattern).text;
    } catch (error) {
      fail(`pattern: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else if (options.pattern !== undefined) {
    if (typeof options.pattern.text !== 'string') fail('pattern must be a string or a pattern() result');
    filterPattern = options.pattern.text;
  }
  if (options.client && options.clientConfig) fail('give client or clientConfig, not both');
  if (options.follow && options.until !== undefined) fail('until cannot be used with follow');
  const since = toMillis('since', options.since);
  const until = toMillis('until', options.until);
  if (since !== undefined && until !== undefined && until < since) fail('until must not be before since');
  const int = (name: string, value: number | undefined, fallback: number, min: number, max: number) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min || value > max)
      fail(`${name} must be an integer from ${min} to ${max}, got ${value}`);
    return value;
  };
  return {
    name: options.name ?? 'cloudwatch-logs',
    logGroupName: options.logGroupName,
    logStreamNames: streams,
    filterPattern: filterPattern?.trim() ? filterPattern : undefined,
    since,
    until,
    follow: options.follow === true,
    pollInterval: int('pollInterval', options.pollInterval, 5000, 0, 3_600_000),
    lateness: int('lateness', options.lateness, 60_000, 0, 86_400_000),
    batchSize: int('batchSize', options.batchSize, 1000, 1, 10_000),
    attempts: int('attempts', options.attempts, 8, 1, 100),
  };
}
