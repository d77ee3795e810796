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

/** An opened object: its body and, when the response said it, its length (`ContentLength`). */
export interface OpenedObject {
  body: Readable | Uint8Array | undefined;
  contentLength?: number | undefined;
}

/** What `open` gives: an {@link OpenedObject}, or just the body. */
export type OpenedBody = OpenedObject | Readable | Uint8Array | undefined;

function opened(value: OpenedBody): OpenedObject {
  if (value === undefined || value instanceof Uint8Array || typeof (value as Readable).pipe === 'function') {
    return { body: value as Readable | Uint8Array | undefined };
  }
  return value as OpenedObject;
}

/**
 * The body whole when it ends within {@link WHOLE_OBJECT_MAX} bytes; otherwise what was read followed by
 * the rest of the stream. With the object's length known (`ContentLength`), a larger body is streamed from
 * its first byte (parsing overlaps the download, nothing is held back), and a small one is read into one
 * buffer of that length (no concatenation). A read failure is replayed after the bytes before it, so
 * `parse()` reports it as usual (`PARSE_INPUT_ERROR`, which opens the object again).
 */
async function wholeIfSmall(
  body: Readable | Uint8Array,
  contentLength: number | undefined,
): Promise<Uint8Array | AsyncIterable<Uint8Array>> {
  if (body instanceof Uint8Array) return body;
  if (contentLength !== undefined && contentLength > WHOLE_OBJECT_MAX) return body;
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  const parts: Uint8Array[] = [];
  let length = 0;
  // the body read straight into one buffer of its announced length, while it keeps to it
  let into = contentLength !== undefined && contentLength > 0 ? Buffer.allocUnsafe(contentLength) : undefined;
  try {
    while (length <= WHOLE_OBJECT_MAX) {
      const next = await iterator.next();
      if (next.done) {
        if (into !== undefined) return into.subarray(0, length);
        return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      }
      const chunk = next.value;
      if (into !== undefined && length + chunk.length <= into.length) into.set(chunk, length);
      else if (into !== undefined) {
        // longer than announced: keep what was read as a part and go on collecting parts
        parts.push(into.subarray(0, length));
        into = undefined;
      }
      if (into === undefined) parts.push(chunk);
      length += chunk.length;
    }
  } catch (error) {
    return replay(into !== undefined ? [into.subarray(0, length)] : parts, undefined, { error });
  }
  return replay(into !== undefined ? [into.subarray(0, length)] : parts, iterator);
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
 * repeats events. Objects of at most {@link WHOLE_OBJECT_MAX} bytes are read whole first (`open` may say the
 * object's length, `ContentLength`: a longer one is then streamed from its first byte).
 */
export function streamObject(
  open: () => Promise<OpenedBody>,
  options: StreamObjectOptions,
): AsyncGenerator<TrailEvent[]> {
  let delivered = 0;
  let reported = 0;
  async function* attempt(): AsyncGenerator<TrailEvent[]> {
    const { body: maybeBody, contentLength } = opened(await open());
    const body = maybeBody ?? new Uint8Array();
    let skipEvents = delivered;
    let skipReports = reported;
    try {
      const batches = parse(await wholeIfSmall(body, contentLength), {
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
  open: () => Promise<OpenedBody>,
  options: StreamObjectOptions,
): AsyncGenerator<ObjectStep> {
  let any = false;
  for await (const step of withLast(streamObject(open, options))) {
    any = true;
    yield { events: step.value, last: step.last };
  }
  if (!any) yield { events: [], last: true };
}
