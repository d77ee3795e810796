import type { ParseError, TrailEvent } from '@trailkit/core';

/** What reading an item gets from the run. */
export interface ItemReadContext {
  signal: AbortSignal;
  batchSize: number;
  /** The run's bad-input report: counts under `skip`, throws under `fail` (the item then fails). */
  onInvalid(error: ParseError): void;
}

/**
 * One unit an invocation reports on: an SQS message, an S3 object, a CloudWatch Logs payload, an
 * EventBridge event. It is done once every event it yielded was written by every sink.
 */
export interface WorkItem {
  /** How the response names it: the SQS `messageId`, `s3://bucket/key`, ... */
  id: string;
  /** Objects finished with it, for the run summary. */
  objects: number;
  /** Its events, in batches. An error fails this item only. */
  read(ctx: ItemReadContext): AsyncIterable<TrailEvent[]>;
}

/** An item that yields nothing and is done at once (an `s3:TestEvent`, a digest file, ...). */
export function emptyItem(id: string): WorkItem {
  return {
    id,
    objects: 0,
    async *read() {},
  };
}

/** An item whose reading fails at once with `reason` (a poison message). */
export function failedItem(id: string, reason: string): WorkItem {
  return {
    id,
    objects: 0,
    // biome-ignore lint/correctness/useYield: fails before yielding anything
    async *read() {
      throw new Error(reason);
    },
  };
}
