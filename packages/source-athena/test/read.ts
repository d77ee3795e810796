import type { ParseError, Position, ReadContext, Source, SourceBatch } from '@trailkit/core';

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

/** Read a source to the end (or `maxBatches`), returning the batches. */
export async function readAll(source: Source, ctx: ReadContext, maxBatches = Number.POSITIVE_INFINITY) {
  const batches: SourceBatch[] = [];
  for await (const batch of source.read(ctx)) {
    batches.push(batch);
    if (batches.length >= maxBatches) break;
  }
  return batches;
}
