import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  ParseError,
  parseRecord,
  type ReadContext,
  type Source,
  type SourceBatch,
  sleep,
  type TrailEvent,
} from '@trailkit/core';
import { isRetryableAwsError, resolveAwsClient, retry } from '@trailkit/core/plugin';
import { requestError } from './errors';
import { type CloudWatchLogsSourceOptions, resolveOptions } from './options';
import { type CloudWatchLogsPosition, SeenEvents, readPosition } from './position';

const COMPONENT = 'cloudWatchLogsSource';

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
  const config = resolveOptions(options);
  let client: CloudWatchLogsClient | undefined;

  return {
    name: config.name,
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      client ??= resolveAwsClient(COMPONENT, options, (c) => new CloudWatchLogsClient(c));
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
          ...config.retry,
          signal: ctx.signal,
          shouldRetry: isRetryableAwsError,
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
