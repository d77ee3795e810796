import { setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import {
  ConfigError,
  eventTimeWithin,
  type ReadContext,
  type Source,
  type SourceBatch,
  type TrailEvent,
} from '@trailkit/core';
import { mergeConcurrent } from './concurrent';
import { parseTime, positiveInteger, requiredString, stringList, type TimeInput } from './options';
import { FolderProgress, readPosition } from './progress';
import { S3Calls } from './s3-calls';
import { type Tree, type WalkItem, walkLayout } from './s3-walker';
import { objectSteps } from './stream-object';

const COMPONENT = 's3Source';

/** Options of {@link s3Source}. */
export interface S3SourceOptions {
  /** The bucket CloudTrail delivers to. */
  bucket: string;
  /** The trail's key prefix (the part before `AWSLogs/`), e.g. `logs` or `logs/`. */
  prefix?: string;
  /** Organization trail id (`o-...`). When missing, org folders are discovered with one listing. */
  organizationId?: string;
  /** Only these accounts (12 digits). When missing, accounts are discovered by listing. */
  accounts?: readonly string[];
  /** Only these regions. When missing, regions are discovered by listing. */
  regions?: readonly string[];
  /** Events at or after this time (inclusive). Only day folders from here on are listed. */
  since?: TimeInput;
  /** Events before this time (exclusive). Default: no upper bound. */
  until?: TimeInput;
  /** Objects read at once (default 8). */
  concurrency?: number;
  /** A ready S3 client (e.g. pointed at a local server). Do not combine with `clientConfig`. */
  client?: S3Client;
  /** Options for the S3 client the source creates (region, credentials, endpoint, ...). */
  clientConfig?: S3ClientConfig;
  /** Also read `CloudTrail-Digest/` files (they hold no events; they count as objects). Default false. */
  includeDigests?: boolean;
  /** Also read `CloudTrail-Insight/` files (Insights events). Default false. */
  includeInsights?: boolean;
  /** Events per batch (default: the run's `batchSize`, else 500). */
  batchSize?: number;
  /**
   * Minutes of slack around the time range when choosing files by the time in their names (default 15):
   * CloudTrail delivers events up to about 15 minutes after they happen.
   */
  lookBackMinutes?: number;
  /** Retries of S3 calls on throttling, 5xx and network errors, on top of the SDK's own (default 5 attempts). */
  retry?: { attempts?: number; baseMs?: number; maxMs?: number };
  /** Source name, also the default checkpoint key (default `s3`). */
  name?: string;
}

/**
 * Read CloudTrail log files from S3, following the CloudTrail key layout
 * (`[prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/`). Accounts, regions and org ids are
 * discovered with delimiter listings unless given, and only the day folders inside `since`/`until` (plus the
 * look-back) are listed. Objects are read concurrently and streamed through core's `parse()`.
 *
 * The position is, per account/region folder, the last key fully processed (in key order; with concurrency
 * only the contiguous finished prefix counts), so a resumed run starts right after it.
 *
 * @example
 * ```ts
 * const source = s3Source({ bucket: 'my-trail', accounts: ['111122223333'], since: '2026-11-01' });
 * ```
 * @throws {ConfigError} when an option is invalid.
 */
export function s3Source(options: S3SourceOptions): Source {
  const bucket = requiredString(COMPONENT, 'bucket', options?.bucket);
  if (options.client && options.clientConfig) {
    throw new ConfigError(COMPONENT, 'pass either client or clientConfig, not both');
  }
  if (options.prefix !== undefined && typeof options.prefix !== 'string') {
    throw new ConfigError(COMPONENT, 'prefix must be a string');
  }
  const prefix = options.prefix ? `${options.prefix.replace(/^\/+|\/+$/g, '')}/` : '';
  if (prefix.includes('AWSLogs/')) {
    throw new ConfigError(
      COMPONENT,
      'prefix is the part before AWSLogs/; use accounts/regions to narrow down',
    );
  }
  if (options.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(options.organizationId)) {
    throw new ConfigError(
      COMPONENT,
      `organizationId must look like o-xxxxxxxxxx (got ${options.organizationId})`,
    );
  }
  const accounts = stringList(COMPONENT, 'accounts', options.accounts, /^\d{12}$/, 'a 12-digit account id');
  const regions = stringList(
    COMPONENT,
    'regions',
    options.regions,
    /^[a-z]{2}(-[a-z]+)+-\d+$/,
    'an AWS region',
  );
  const since = parseTime(COMPONENT, 'since', options.since);
  const until = parseTime(COMPONENT, 'until', options.until);
  if (since !== undefined && until !== undefined && since >= until) {
    throw new ConfigError(COMPONENT, 'since must be before until');
  }
  const concurrency = positiveInteger(COMPONENT, 'concurrency', options.concurrency, 8);
  const batchSize =
    options.batchSize === undefined
      ? undefined
      : positiveInteger(COMPONENT, 'batchSize', options.batchSize, 500);
  const lookBack = options.lookBackMinutes ?? 15;
  if (typeof lookBack !== 'number' || !(lookBack >= 0)) {
    throw new ConfigError(COMPONENT, 'lookBackMinutes must be a number >= 0');
  }
  const retryPolicy = {
    attempts: positiveInteger(COMPONENT, 'retry.attempts', options.retry?.attempts, 5),
    baseMs: options.retry?.baseMs ?? 200,
    maxMs: options.retry?.maxMs ?? 10_000,
  };
  const name = options.name ?? 's3';
  const trees: Tree[] = ['CloudTrail'];
  if (options.includeInsights) trees.push('CloudTrail-Insight');
  if (options.includeDigests) trees.push('CloudTrail-Digest');
  let client = options.client;

  return {
    name,
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      client ??= new S3Client(options.clientConfig ?? {});
      const calls = new S3Calls(client, bucket, name, retryPolicy);
      const resume = readPosition(name, ctx.from);
      const progress = new FolderProgress(resume);
      const stop = new AbortController();
      const signal = AbortSignal.any([ctx.signal, stop.signal]);
      // every in-flight request listens on this signal: allow as many listeners as requests can be in flight
      setMaxListeners(concurrency * 2 + 10, signal);
      const slack = lookBack * 60_000;
      const plan = {
        prefix,
        organizationId: options.organizationId,
        accounts,
        regions,
        trees,
        fileFrom: since === undefined ? undefined : since - slack,
        fileTo: until === undefined ? undefined : until + slack,
        resume,
        onSkip: (key: string) => ctx.log.debug('s3Source: skipping a key that is not a log file', { key }),
      };
      async function* started(): AsyncGenerator<WalkItem> {
        for await (const item of walkLayout(calls, plan, signal)) {
          progress.start(item.folder, item.key);
          yield item;
        }
      }
      const readObject = (item: WalkItem) =>
        objectSteps(async () => (await calls.getObject(item.key, signal)).Body as Readable | undefined, {
          name: `s3://${bucket}/${item.key}`,
          source: 's3',
          batchSize: batchSize ?? ctx.batchSize ?? 500,
          onInvalid: (error) => ctx.onInvalid(error),
          ...retryPolicy,
          signal,
        });
      try {
        for await (const { item, value } of mergeConcurrent(started(), concurrency, readObject)) {
          if (ctx.signal.aborted) return;
          if (value.last) progress.finish(item.folder, item.key);
          const events =
            since === undefined && until === undefined ? value.events : value.events.filter(inRange);
          if (events.length === 0 && !value.last) continue;
          yield {
            events,
            position: progress.snapshot() as unknown as SourceBatch['position'],
            objects: value.last ? 1 : 0,
            bytes: value.last ? item.size : 0,
          };
        }
      } finally {
        stop.abort();
      }
    },
  };

  /** The rule of every source: the event's time is `eventTime`, else `@timestamp`; none readable is out. */
  function inRange(event: TrailEvent): boolean {
    return eventTimeWithin(event, since, until);
  }
}
