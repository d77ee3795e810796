import { createGunzip } from 'node:zlib';
import { InputFailure } from './input-failure';

/** Input bytes handed to zlib per write (what a corrupt block can take down with it is one piece's output). */
const WRITE_PIECE = 256 * 1024;
const OUTPUT_CHUNK = 512 * 1024;
/** Input pieces handed to zlib and not yet decompressed. */
const WRITES_IN_FLIGHT = 2;
/** Decompressed bytes zlib may run ahead of the consumer (it works on another thread meanwhile). */
const READ_AHEAD = 1024 * 1024;

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
 * Decompress a gzip byte sequence (one member or several concatenated members). zlib runs on the thread
 * pool up to {@link READ_AHEAD} bytes ahead of the consumer, so decompression overlaps parsing. Chunks are
 * yielded in order and everything zlib delivered before a failure is yielded before the `InputFailure`
 * (`PARSE_TRUNCATED_GZIP`, `PARSE_BAD_GZIP`, or the input's own `PARSE_INPUT_ERROR`) is thrown.
 */
export async function* gunzipChunks(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: OUTPUT_CHUNK });
  const queue: Buffer[] = [];
  let queued = 0;
  let failure: unknown;
  let ended = false;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wakeBoth = (): void => {
    wakeConsumer?.();
    wakeProducer?.();
  };
  let inFlight = 0;
  const written = (): void => {
    inFlight--;
    wakeProducer?.();
  };
  gunzip.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    wakeConsumer?.();
  });
  gunzip.on('error', (error) => {
    failure ??= error;
    wakeBoth();
  });
  gunzip.on('end', () => {
    ended = true;
    wakeConsumer?.();
  });

  void (async () => {
    try {
      for await (const chunk of chunks) {
        for (let at = 0; at < chunk.length; at += WRITE_PIECE) {
          while (queued > READ_AHEAD && failure === undefined && !stopped) {
            await new Promise<void>((resolve) => {
              wakeProducer = resolve;
            });
          }
          if (failure !== undefined || stopped) return;
          const piece = chunk.subarray(at, Math.min(chunk.length, at + WRITE_PIECE));
          // Keep the next piece queued in zlib, so that it goes on with it as soon as it finishes one
          // (awaiting each write would leave zlib idle until the main thread comes back to the event loop).
          inFlight++;
          gunzip.write(piece, written);
          while (inFlight >= WRITES_IN_FLIGHT && failure === undefined && !stopped) {
            await new Promise<void>((resolve) => {
              wakeProducer = resolve;
            });
          }
        }
      }
      if (failure === undefined && !stopped) gunzip.end();
    } catch (error) {
      failure ??= error;
      wakeConsumer?.();
    }
  })();

  try {
    while (true) {
      const chunk = queue.shift();
      if (chunk !== undefined) {
        queued -= chunk.length;
        if (queued <= READ_AHEAD) wakeProducer?.();
        yield chunk;
        continue;
      }
      if (failure !== undefined) throw gzipFailure(failure);
      if (ended) return;
      await new Promise<void>((resolve) => {
        wakeConsumer = resolve;
      });
    }
  } finally {
    // Not awaiting the producer: it may be waiting for a slow input; it stops (and closes the input) as
    // soon as that read returns.
    stopped = true;
    wakeProducer?.();
    gunzip.destroy();
  }
}
