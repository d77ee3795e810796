import type { Readable } from 'node:stream';
import { ParseError, parse, type TrailEvent } from '@trailkit/core';
import { retryStream } from '@trailkit/core/plugin';
import { withLast } from './concurrent';
import type { CallRetry } from './options';

/**
 * Objects of at most this many bytes are downloaded whole before parsing, so that core's `parse()`
 * decompresses (and, for a clean log file, parses) them in one call: no zlib stream per small object.
 * Larger ones are streamed (memory bounded by the largest record). The same switch as core's files source.
 */
export const WHOLE_OBJECT_MAX = 4 * 1024 * 1024;

/** Chunks already read, then the rest of the body (or the error that stopped the read). */
async function* replay(
  parts: readonly Uint8Array[],
  rest: AsyncIterator<Uint8Array> | undefined,
  failure?: { error: unknown },
): AsyncGenerator<Uint8Array> {
  yield* parts;
  if (failure) throw failure.error;
  if (!rest) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The body whole when it ends within {@link WHOLE_OBJECT_MAX} bytes; otherwise what was read followed by
 * the rest of the stream. A read failure is replayed after the bytes before it, so `parse()` reports it as
 * usual (`PARSE_INPUT_ERROR`, which opens the object again).
 */
async function wholeIfSmall(body: Readable | Uint8Array): Promise<Uint8Array | AsyncIterable<Uint8Array>> {
  if (body instanceof Uint8Array) return body;
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    while (length <= WHOLE_OBJECT_MAX) {
      const next = await iterator.next();
      if (next.done) return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      parts.push(next.value);
      length += next.value.length;
    }
  } catch (error) {
    return replay(parts, undefined, { error });
  }
  return replay(parts, iterator);
}

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
 * repeats events. Objects of at most {@link WHOLE_OBJECT_MAX} bytes are read whole first.
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
      const batches = parse(await wholeIfSmall(body), {
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
