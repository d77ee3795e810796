import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseError, Position, ReadContext, Source, SourceBatch } from '@trailkit/core';

/** The real CloudTrail fixtures of @trailkit/core. */
export const FIXTURES = join(import.meta.dirname, '../../core/test/fixtures/real');

/** All records of the invictus S3 log files (real data; many share a timestamp to the second). */
export function invictusRecords(): Array<Record<string, any>> {
  const dir = join(FIXTURES, 'invictus-aws-dataset');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap(
      (name) =>
        (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { Records: Array<Record<string, any>> })
          .Records,
    );
}

/** A quiet ReadContext for tests; collects invalid-input reports. */
export function context(options: { signal?: AbortSignal; from?: Position } = {}) {
  const invalid: ParseError[] = [];
  const ctx: ReadContext = {
    signal: options.signal ?? new AbortController().signal,
    ...(options.from !== undefined ? { from: options.from } : {}),
    log: { debug() {}, info() {}, warn() {}, error() {} },
    onInvalid: (error) => {
      invalid.push(error);
    },
  };
  return { ctx, invalid };
}

/** Read a source to the end (or `maxBatches`). */
export async function readAll(source: Source, ctx: ReadContext, maxBatches = Number.POSITIVE_INFINITY) {
  const batches: SourceBatch[] = [];
  for await (const batch of source.read(ctx)) {
    batches.push(batch);
    if (batches.length >= maxBatches) break;
  }
  return batches;
}

/** Event ids of batches, in order. */
export const eventIds = (batches: SourceBatch[]) =>
  batches.flatMap((b) => b.events.map((e) => e.eventID as string));

/** Wait until `check()` is true (polling every 5 ms), or fail after `ms`. */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
