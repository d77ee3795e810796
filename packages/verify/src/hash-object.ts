import { createHash } from 'node:crypto';
import { createGunzip, gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);

/** Objects up to this size are read whole and gunzipped in one call (faster); larger ones are streamed. */
const WHOLE_OBJECT_BYTES = 4 * 1024 * 1024;

/** The hex SHA-256 of the uncompressed bytes and the number of stored bytes read. */
export interface ObjectHash {
  hash: string;
  bytes: number;
}

/**
 * Hash an object's uncompressed bytes: gzip (detected by its magic bytes) is inflated, anything else is
 * hashed as it is. Memory is bounded: small objects are read whole, past 4 MiB the rest is streamed.
 *
 * @throws when the gzip is corrupt (the caller reports the object as modified).
 */
export async function hashObject(body: AsyncIterable<Uint8Array>): Promise<ObjectHash> {
  const head: Buffer[] = [];
  let bytes = 0;
  const iterator = body[Symbol.asyncIterator]();
  let done = false;
  while (bytes <= WHOLE_OBJECT_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    head.push(chunk);
    bytes += chunk.length;
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const gzip = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  if (done) {
    const plain = gzip ? await gunzipAsync(first) : first;
    return { hash: createHash('sha256').update(plain).digest('hex'), bytes };
  }
  const hash = createHash('sha256');
  const rest = async function* (): AsyncGenerator<Uint8Array> {
    yield first;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      bytes += next.value.byteLength;
      yield next.value;
    }
  };
  if (!gzip) {
    for await (const chunk of rest()) hash.update(chunk);
    return { hash: hash.digest('hex'), bytes };
  }
  const inflate = createGunzip();
  const feeding = (async () => {
    for await (const chunk of rest()) {
      if (!inflate.write(chunk)) await new Promise((r) => inflate.once('drain', r));
    }
    inflate.end();
  })();
  feeding.catch((e: unknown) => inflate.destroy(e as Error));
  for await (const chunk of inflate) hash.update(chunk as Buffer);
  await feeding;
  return { hash: hash.digest('hex'), bytes };
}
