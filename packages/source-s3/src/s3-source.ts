import { setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import {
  eventTimeWithin,
  type ReadContext,
  type Source,
  type SourceBatch,
  type TrailEvent,
} from '@trailkit/core';
import { resolveAwsClient } from '@trailkit/core/plugin';
import { mergeConcurrent } from './concurrent';
import { listAhead, type S3Listing } from './list-ahead';
import { resolveS3SourceOptions, type S3SourceOptions } from './options';
import { FolderProgress, readPosition } from './progress';
import { S3Calls } from './s3-calls';
import { type Tree, type WalkItem, walkLayout } from './s3-walker';
import { objectSteps } from './stream-object';

const COMPONENT = 's3Source';

/** The source {@link s3Source} returns: a `Source` that also tells how far its listing has got. */
export interface S3Source extends Source {
  /**
   * What the listing of the current (or last) read has found: the objects it will read and their bytes,
   * `complete` once the listing is done (then they are the run's totals; until then, lower bounds). Zero
   * before the first read. The listing runs up to `listAhead` keys ahead of the reads (set it for early totals).
   */
  listing(): S3Listing;
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
export function s3Source(options: S3SourceOptions): S3Source {
  const o = resolveS3SourceOptions(options);
  const { bucket, prefix, accounts, regions, since, until, concurrency, batchSize, name } = o;
  const retryPolicy = o.retry;
  const lookBack = o.lookBackMinutes;
  const trees: Tree[] = ['CloudTrail'];
  if (o.includeInsights) trees.push('CloudTrail-Insight');
  if (o.includeDigests) trees.push('CloudTrail-Digest');
  let client: S3Client | undefined;
  let listing: S3Listing = { objects: 0, bytes: 0, complete: false };

  return {
    name,
    listing: () => ({ ...listing }),
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      client ??= resolveAwsClient(COMPONENT, o, (config) => new S3Client(config));
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
        organizationId: o.organizationId,
        accounts,
        regions,
        trees,
        fileFrom: since === undefined ? undefined : since - slack,
        fileTo: until === undefined ? undefined : until + slack,
        resume,
        onSkip: (key: string) => ctx.log.debug('s3Source: skipping a key that is not a log file', { key }),
      };
      const listed: S3Listing = { objects: 0, bytes: 0, complete: false };
      listing = listed;
      const walk = listAhead(
        walkLayout(calls, plan, signal),
        o.listAhead,
        (item) => {
          listed.objects++;
          listed.bytes += item.size;
        },
        () => {
          listed.complete = true;
        },
      );
      async function* started(): AsyncGenerator<WalkItem> {
        for await (const item of walk) {
          progress.start(item.folder, item.key);
          yield item;
        }
      }
      const readObject = (item: WalkItem) =>
        objectSteps(
          async () => {
            const response = await calls.getObject(item.key, signal);
            return { body: response.Body as Readable | undefined, contentLength: response.ContentLength };
          },
          {
            name: `s3://${bucket}/${item.key}`,
            source: 's3',
            batchSize: batchSize ?? ctx.batchSize ?? 500,
            onInvalid: (error) => ctx.onInvalid(error),
            retry: retryPolicy,
            signal,
          },
        );
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
