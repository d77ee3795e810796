import { createGunzip } from 'node:zlib';
import { InputFailure } from './input-failure';

/** Input bytes handed to zlib per write: bounds the output held at once and what a corrupt block loses. */
const WRITE_PIECE = 16 * 1024;
const OUTPUT_CHUNK = 64 * 1024;

function gzipFailure(error: unknown): InputFailure {
  if (error instanceof InputFailure) return error;
  const err = error as { code?: string; message?: string };
  if (err?.code === 'Z_BUF_ERROR') {
    return new InputFailure(
      'PARSE_TRUNCATED_GZIP',
      'gzip stream is truncated (unexpected end of file)',
      error,
    );
  }
  return new InputFailure(
    'PARSE_BAD_GZIP',
    `gzip stream is corrupt: ${err?.message ?? String(error)}`,
    error,
  );
}

/**
 * Decompress a gzip byte sequence (one member or several concatenated members). Decompressed chunks are
 * yielded as they come, so everything before a corruption is delivered before the `InputFailure`
 * (`PARSE_TRUNCATED_GZIP` / `PARSE_BAD_GZIP`) is thrown.
 */
export async function* gunzipChunks(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: OUTPUT_CHUNK });
  const out: Buffer[] = [];
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  gunzip.on('data', (chunk: Buffer) => out.push(chunk));
  gunzip.on('error', (error) => {
    failure ??= error;
    wake?.();
  });
  gunzip.on('end', () => {
    ended = true;
    wake?.();
  });
  const settle = (start: (done: () => void) => void): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = resolve;
      start(resolve);
    });

  try {
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.length && failure === undefined; at += WRITE_PIECE) {
        const piece = chunk.subarray(at, Math.min(chunk.length, at + WRITE_PIECE));
        await settle((done) => {
          gunzip.write(piece, () => done());
        });
        while (out.length > 0) yield out.shift()!;
      }
      if (failure !== undefined) break;
    }
    if (failure === undefined) {
      await settle((done) => {
        if (ended) done();
        gunzip.end();
      });
      // 'end' fires after the last 'data'
      while (!ended && failure === undefined) await settle(() => undefined);
    }
    while (out.length > 0) yield out.shift()!;
    if (failure !== undefined) throw gzipFailure(failure);
  } finally {
    gunzip.destroy();
  }
}
