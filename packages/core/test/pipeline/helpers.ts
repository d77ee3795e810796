import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Position, ReadContext, Sink, Source, SourceBatch } from '../../src/contracts';
import type { TrailEvent } from '../../src/event/trail-event';

export const FIXTURES = fileURLToPath(new URL('../fixtures/real/', import.meta.url));
export const SAMPLES = fileURLToPath(new URL('../../../../samples/', import.meta.url));

/** Real events from the invictus S3 log files (parsed with JSON.parse, independent of core's parser). */
export function invictusFiles(): Array<{ file: string; events: TrailEvent[] }> {
  const dir = join(FIXTURES, 'invictus-aws-dataset');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      events: (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { Records: TrailEvent[] }).Records,
    }));
}

/** Real events from the stratus-red-team detonation logs (JSON arrays). */
export function stratusEvents(name: string): TrailEvent[] {
  return JSON.parse(readFileSync(join(FIXTURES, 'stratus-red-team', name), 'utf8')) as TrailEvent[];
}

/** A source over in-memory batches; position = index of the batch (resume skips up to it). Counts pulls. */
export function arraySource(
  batches: TrailEvent[][],
  options: { name?: string; acks?: number[]; failAt?: number; error?: unknown } = {},
): Source & { pulled: number; contexts: ReadContext[] } {
  const source = {
    name: options.name ?? 'array',
    pulled: 0,
    contexts: [] as ReadContext[],
    async *read(ctx: ReadContext): AsyncIterable<SourceBatch> {
      source.contexts.push(ctx);
      const start = typeof ctx.from === 'number' ? ctx.from + 1 : 0;
      for (let i = start; i < batches.length; i++) {
        if (ctx.signal.aborted) return;
        if (options.failAt === i) throw options.error ?? new Error(`source broke at batch ${i}`);
        source.pulled++;
        const index = i;
        yield {
          events: batches[i] as TrailEvent[],
          position: i as Position,
          objects: 1,
          bytes: 100,
          ack: options.acks
            ? async () => {
                options.acks?.push(index);
              }
            : undefined,
        };
      }
    },
  };
  return source;
}

/** A sink that records everything it was given. */
export function collectSink<T = unknown>(
  name = 'collect',
): Sink<T> & { items: T[]; calls: number; closed: boolean; flushed: boolean } {
  const sink = {
    name,
    items: [] as T[],
    calls: 0,
    closed: false,
    flushed: false,
    async write(items: readonly T[]) {
      sink.calls++;
      sink.items.push(...items);
    },
    async flush() {
      sink.flushed = true;
    },
    async close() {
      sink.closed = true;
    },
  };
  return sink;
}

/** A promise with its resolve/reject exposed. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Split into chunks of n. */
export function chunk<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** Wait until `check` is true (polling the event loop), or fail after `ms`. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
