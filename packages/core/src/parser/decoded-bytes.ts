import { gunzipSync } from 'node:zlib';
import { byteChunks } from './byte-chunks';
import { gunzipChunks } from './decompress';
import type { ByteInput } from './types';

/**
 * The switch between the two ways of decompressing gzip input: an input of at most this many (compressed)
 * bytes is collected whole and decompressed with one `gunzipSync` call (no zlib stream, no thread-pool
 * hops: the per-file cost of small CloudTrail files); a longer one is streamed (memory bounded by the
 * largest record). CloudTrail files compress about 10-20x, so 4 MiB covers all but the largest deliveries.
 * Only input given whole (a `Uint8Array`) takes the one-call path: a stream is never waited for.
 */
export const WHOLE_GZIP_MAX = 4 * 1024 * 1024;
/**
 * Most decompressed bytes of a whole-decompressed input: a small file that inflates beyond this (a gzip
 * bomb, or very repetitive JSON) is streamed instead.
 */
export const WHOLE_OUTPUT_MAX = 64 * 1024 * 1024;

async function* prepend(head: Buffer[], iterator: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    for (const chunk of head) yield chunk;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/**
 * A whole gzip input decompressed in one call, or `undefined` when it cannot be (corrupt, truncated, or
 * larger than {@link WHOLE_OUTPUT_MAX}): the streaming path then reads it and reports the problem as
 * usual (after every event before it).
 */
function gunzipWhole(input: Buffer): Buffer | undefined {
  try {
    return gunzipSync(input, { maxOutputLength: WHOLE_OUTPUT_MAX });
  } catch {
    return undefined;
  }
}

/** Largest piece the decompressed whole input is handed on in (as `byteChunks` cuts in-memory input). */
const PIECE = 1024 * 1024;

/**
 * The decompressed bytes of an input given whole: itself if it is not gzip, decompressed in one call if it
 * is gzip of at most {@link WHOLE_GZIP_MAX} bytes; `undefined` otherwise (it is then streamed).
 */
export function wholeBytes(input: Uint8Array): Buffer | undefined {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  return bytes.length <= WHOLE_GZIP_MAX ? gunzipWhole(bytes) : undefined;
}

/** Decompressed bytes held whole, handed on in pieces of at most 1 MiB (as `byteChunks` cuts them). */
export function* pieces(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += PIECE)
    yield bytes.subarray(at, Math.min(bytes.length, at + PIECE));
}

/**
 * The decompressed bytes of an input: gzip is detected by its magic bytes (`1f 8b`), anything else is
 * passed through as is. A gzip input given whole (a `Uint8Array`) of at most {@link WHOLE_GZIP_MAX} bytes
 * is decompressed in one call; any other is streamed (bytes flow on as they arrive).
 */
export async function* decodedBytes(input: ByteInput): AsyncGenerator<Buffer> {
  if (input instanceof Uint8Array) {
    const whole = wholeBytes(input);
    if (whole !== undefined) {
      yield* pieces(whole);
      return;
    }
  }
  const iterator = byteChunks(input);
  const head: Buffer[] = [];
  let length = 0;
  while (length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    length += next.value.length;
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const gzip = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  const chunks = prepend(head, iterator);
  yield* gzip ? gunzipChunks(chunks) : chunks;
}
