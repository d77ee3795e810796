import type { Readable } from 'node:stream';
import { ParseError, parse, type TrailEvent } from '@trailkit/core';
import { retryStream } from '@trailkit/core/plugin';
import { withLast } from './concurrent';
import type { CallRetry } from './options';

/** Options of {@link streamObject}. */
export interface StreamObjectOptions {
  /** `s3://bucket/key`: the parser's input name and every event's `origin.object`. */
  name: string;
  /** `origin.source` of every event. */
  source: string;
  batchSize: number;
  onInvalid: (error: ParseError) => void;
  /** Reads of the object when the body fails mid-way (`attempts` in all, the first included). */
  retry: CallRetry;
  signal: AbortSignal;
}

/**
 * Stream one object's events through core's `parse()`. When the body fails mid-way (connection reset:
 * `PARSE_INPUT_ERROR`), the object is opened again and the events and bad-input reports already delivered
 * are skipped (parsing the same bytes gives the same sequence), so a flaky connection neither loses nor
 * repeats events.
 */
export function streamObject(
  open: () => Promise<Readable | Uint8Array | undefined>,
  options: StreamObjectOptions,
): AsyncGenerator<TrailEvent[]> {
  let delivered = 0;
  let reported = 0;
  async function* attempt(): AsyncGenerator<TrailEvent[]> {
    const body = (await open()) ?? new Uint8Array();
    let skipEvents = delivered;
    let skipReports = reported;
    try {
      const batches = parse(body, {
        name: options.name,
        source: options.source,
        batchSize: options.batchSize,
        onInvalid: (error) => {
          if (skipReports > 0) {
            skipReports -= 1;
            return;
          }
          reported += 1;
          options.onInvalid(error);
        },
      });
      for await (const batch of batches) {
        let events = batch;
        if (skipEvents > 0) {
          const skip = Math.min(skipEvents, events.length);
          events = events.slice(skip);
          skipEvents -= skip;
        }
        if (events.length === 0) continue;
        delivered += events.length;
        yield events;
      }
    } finally {
      if (!(body instanceof Uint8Array)) body.destroy();
    }
  }
  return retryStream(attempt, {
    ...options.retry,
    signal: options.signal,
    shouldRetry: (error) => ParseError.isInstance(error) && error.code === 'PARSE_INPUT_ERROR',
  });
}

/** One step of {@link objectSteps}: a batch of an object's events, `last` on the object's final one. */
export interface ObjectStep {
  events: TrailEvent[];
  last: boolean;
}

/**
 * {@link streamObject} with the end marked: each batch with `last: true` on the final one, and one empty `last`
 * step for an object without events, so the caller always learns that the object is done.
 */
export async function* objectSteps(
  open: () => Promise<Readable | Uint8Array | undefined>,
  options: StreamObjectOptions,
): AsyncGenerator<ObjectStep> {
  let any = false;
  for await (const step of withLast(streamObject(open, options))) {
    any = true;
    yield { events: step.value, last: step.last };
  }
  if (!any) yield { events: [], last: true };
}
