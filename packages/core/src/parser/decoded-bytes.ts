import { byteChunks } from './byte-chunks';
import { gunzipChunks } from './decompress';
import type { ByteInput } from './types';

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
 * The decompressed bytes of an input: gzip is detected by its magic bytes (`1f 8b`), anything else is
 * passed through as is.
 */
export async function* decodedBytes(input: ByteInput): AsyncGenerator<Buffer> {
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
