import { InputFailure } from './input-failure';
import type { ByteInput } from './types';

/** Largest piece a single in-memory buffer is cut into (so that work and memory stay per piece). */
const PIECE = 1024 * 1024;

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof ArrayBuffer) return Buffer.from(chunk);
  throw new InputFailure('PARSE_INPUT_ERROR', `input chunk is not bytes (got ${typeof chunk})`, undefined);
}

function inputError(error: unknown): InputFailure {
  if (error instanceof InputFailure) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new InputFailure('PARSE_INPUT_ERROR', `reading the input failed: ${why}`, error);
}

async function* fromReader(stream: ReadableStream<Uint8Array>): AsyncGenerator<Buffer> {
  const reader = stream.getReader();
  let done = false;
  try {
    while (true) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield toBuffer(next.value);
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * Normalise any {@link ByteInput} into an async sequence of non-empty Buffers (zero-copy where possible).
 * Errors of the underlying input are rethrown as `InputFailure` (`PARSE_INPUT_ERROR`).
 */
export async function* byteChunks(input: ByteInput): AsyncGenerator<Buffer> {
  if (input instanceof Uint8Array) {
    const all = toBuffer(input);
    for (let at = 0; at < all.length; at += PIECE) yield all.subarray(at, Math.min(all.length, at + PIECE));
    return;
  }
  let source: AsyncIterable<unknown>;
  if (input !== null && typeof input === 'object' && Symbol.asyncIterator in input) {
    source = input as AsyncIterable<unknown>;
  } else if (
    input !== null &&
    typeof input === 'object' &&
    typeof (input as ReadableStream).getReader === 'function'
  ) {
    source = fromReader(input as ReadableStream<Uint8Array>);
  } else {
    throw new InputFailure(
      'PARSE_INPUT_ERROR',
      'input is not a Readable, ReadableStream, AsyncIterable<Uint8Array> or Uint8Array',
      undefined,
    );
  }
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (true) {
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (error) {
        finished = true;
        throw inputError(error);
      }
      if (next.done) {
        finished = true;
        return;
      }
      const chunk = toBuffer(next.value);
      if (chunk.length > 0) yield chunk;
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}
