import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import {
  type JsonValue,
  ParseError,
  parseRecord,
  type ReadContext,
  type Source,
  type SourceBatch,
  type TrailEvent,
} from '@trailkit/core';
import { isRetryableAwsError, resolveAwsClient, retry, validateOptions } from '@trailkit/core/plugin';
import { CloudTrailSourceError } from './errors';
import { type CloudTrailFilters, compileFilters } from './filters';
import { type LookupAttribute, lookupAttributeFor } from './lookup-attribute';
import { mergeStreams } from './merge-streams';
import { LOOKUP_EVENTS_SOURCE_SCHEMA } from './options';
import { RateLimiter } from './rate-limiter';

/** Options of {@link lookupEventsSource}. */
export interface LookupEventsSourceOptions {
  /**
   * Regions to read, all at once, or a function that lists them when the read starts (e.g.
   * `enabledRegions()`: every region enabled in the account). Default: the client's region. Event history
   * is per region.
   */
  regions?: string[] | (() => Promise<string[]>);
  /** Time range and filters: pushed down where `LookupEvents` can, the rest run locally. */
  filters?: CloudTrailFilters;
  /** The lookup attribute to send, instead of the one derived from `filters` (the filters still apply). */
  lookupAttribute?: LookupAttribute;
  /** LookupEvents calls per second per region (default 2: AWS allows 2 per account and region). */
  callsPerSecond?: number;
  /** Events per page, 1–50 (default 50). */
  maxResults?: number;
  /** Attempts for each call on throttling and 5xx errors (default 8). */
  attempts?: number;
  /** A ready client: its region is the one read (`regions` must then be omitted or that one region). */
  client?: CloudTrailClient;
  /** Settings for the clients this source builds, one per region. Not with `client`. */
  clientConfig?: CloudTrailClientConfig;
  /** Source name, also the checkpoint key (default `lookup-events`). */
  name?: string;
}

/** Where one region's read stands. */
export interface LookupRegionPosition {
  /** The NextToken of the next page to read (`null`: the first page, unless `done`). */
  next: string | null;
  /** True when the region has been read to the end. */
  done: boolean;
  /** Events delivered from this region so far (the next event's `origin.index`). */
  index: number;
  [key: string]: string | number | boolean | null;
}

/**
 * The position of a LookupEvents read: the time range it was started with (NextTokens belong to it) and
 * each region's state. Resuming skips finished regions and goes on from each other's next page.
 */
export interface LookupEventsPosition {
  /** StartTime, epoch ms (`null`: none). */
  start: number | null;
  /** EndTime, epoch ms: fixed on the first read, so that resuming sees the same events. */
  end: number;
  regions: { [region: string]: LookupRegionPosition };
  [key: string]: JsonValue;
}

interface Settings
  extends Required<Pick<LookupEventsSourceOptions, 'callsPerSecond' | 'maxResults' | 'attempts' | 'name'>> {
  regions?: string[] | (() => Promise<string[]>);
  filters: CloudTrailFilters;
  lookupAttribute?: LookupAttribute;
  client?: CloudTrailClient;
  clientConfig?: CloudTrailClientConfig;
}

const COMPONENT = 'lookupEventsSource';

interface RegionPage {
  region: string;
  events: TrailEvent[];
  state: LookupRegionPosition;
}

/**
 * Read CloudTrail event history (`LookupEvents`: the last 90 days of management events, on in every account
 * with no set-up), every region at once. Each region's calls are spaced to `callsPerSecond` (AWS allows 2
 * per second per account and region) and throttling is retried with backoff. One lookup attribute is pushed
 * down from the filters when they require one value exactly (an access key, an event name, an event source,
 * read-only); the whole filter always runs locally too. Each page is one batch; its position holds every
 * region's `NextToken`, so a resumed read goes on per region. `CloudTrailEvent` strings are parsed by core's
 * `parseRecord` (bad ones go to `onInvalid`).
 *
 * @throws ConfigError when options are invalid (including a filter pattern that does not parse).
 */
export function lookupEventsSource(options: LookupEventsSourceOptions = {}): Source {
  const config = validateOptions<Settings>(COMPONENT, LOOKUP_EVENTS_SOURCE_SCHEMA, options);
  const filters = compileFilters(config.filters, COMPONENT);
  const attribute = config.lookupAttribute ?? lookupAttributeFor(filters);
  const single = config.client;
  const clientFor = (region: string): CloudTrailClient =>
    resolveAwsClient(COMPONENT, config, (c) => new CloudTrailClient({ ...c, region }));

  return {
    name: config.name,
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      const from = ctx.from as LookupEventsPosition | undefined;
      const regions =
        typeof config.regions === 'function'
          ? // a resumed read keeps the regions it started with
            from
            ? Object.keys(from.regions)
            : await config.regions()
          : (config.regions ?? [single ? await single.config.region() : await defaultRegion(config)]);
      const start = from ? from.start : (filters.since ?? null);
      // until is exclusive; EndTime is inclusive and in seconds: the local filter drops the boundary second
      const end = from ? from.end : (filters.until ?? Date.now());
      const states: Record<string, LookupRegionPosition> = {};
      for (const region of regions) {
        states[region] = from?.regions[region] ?? { next: null, done: false, index: 0 };
      }
      const streams = regions
        .filter((region) => !states[region]?.done)
        .map((region) =>
          readRegion(ctx, {
            region,
            client: clientFor(region),
            limiter: new RateLimiter(config.callsPerSecond),
            state: states[region] as LookupRegionPosition,
            request: { start, end, attribute, maxResults: config.maxResults },
            attempts: config.attempts,
            keep: filters.test,
            sourceName: config.name,
          })[Symbol.asyncIterator](),
        );
      for await (const page of mergeStreams(streams)) {
        states[page.region] = page.state;
        const position: LookupEventsPosition = { start, end, regions: structuredClone(states) };
        yield { events: page.events, position };
      }
    },
  };
}

async function defaultRegion(config: Settings): Promise<string> {
  const region = config.clientConfig?.region;
  const value = typeof region === 'function' ? await region() : region;
  if (typeof value !== 'string' || value === '') {
    return process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  }
  return value;
}

interface RegionRead {
  region: string;
  client: CloudTrailClient;
  limiter: RateLimiter;
  state: LookupRegionPosition;
  request: { start: number | null; end: number; attribute: LookupAttribute | undefined; maxResults: number };
  attempts: number;
  keep: (event: TrailEvent) => boolean;
  sourceName: string;
}

async function* readRegion(ctx: ReadContext, read: RegionRead): AsyncGenerator<RegionPage> {
  const { region, client, limiter, request } = read;
  const object = `lookup://${region}`;
  let next = read.state.next;
  let index = read.state.index;
  for (;;) {
    let output: LookupEventsCommandOutput;
    try {
      output = await retry(
        async () => {
          await limiter.wait(ctx.signal);
          return client.send(
            new LookupEventsCommand({
              ...(request.start === null ? {} : { StartTime: new Date(request.start) }),
              EndTime: new Date(request.end),
              ...(request.attribute
                ? {
                    LookupAttributes: [
                      { AttributeKey: request.attribute.key, AttributeValue: request.attribute.value },
                    ],
                  }
                : {}),
              MaxResults: request.maxResults,
              ...(next === null ? {} : { NextToken: next }),
            }),
            { abortSignal: ctx.signal },
          );
        },
        {
          attempts: read.attempts,
          baseMs: 500,
          maxMs: 10_000,
          signal: ctx.signal,
          shouldRetry: isRetryableAwsError,
          onRetry: (error, attempt, delayMs) =>
            ctx.log.warn('LookupEvents retried', { region, error: String(error), attempt, delayMs }),
        },
      );
    } catch (error) {
      if (ctx.signal.aborted) return;
      const name = (error as { name?: string }).name ?? 'Error';
      throw new CloudTrailSourceError(
        'CLOUDTRAIL_REQUEST_FAILED',
        read.sourceName,
        object,
        `LookupEvents failed: ${name}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const events: TrailEvent[] = [];
    for (const result of output.Events ?? []) {
      const at = index++;
      if (typeof result.CloudTrailEvent !== 'string') continue;
      let event: TrailEvent;
      try {
        event = parseRecord(result.CloudTrailEvent, { source: 'lookup-events', name: object, index: at });
      } catch (error) {
        if (!ParseError.isInstance(error)) throw error;
        ctx.onInvalid(error);
        continue;
      }
      if (read.keep(event)) events.push(event);
    }
    next = output.NextToken ?? null;
    yield { region, events, state: { next, done: next === null, index } };
    if (next === null || ctx.signal.aborted) return;
  }
}
