import type { ParseError, Position, ReadContext, Source, SourceBatch, TrailEvent } from '@trailkit/core';

/** Options of {@link testReadContext} and {@link readSource}. */
export interface TestReadContextOptions {
  /** Aborts the read (default: a signal that never aborts). */
  signal?: AbortSignal;
  /** The position to resume after, as a pipeline passes the last committed checkpoint. */
  from?: Position;
  /**
   * What reported bad input does after it is recorded in `invalid`: `skip` (default) returns so the source goes
   * on; `fail` throws the error, as a pipeline run with `onInvalid: 'fail'` does.
   */
  onInvalid?: 'skip' | 'fail';
  /** The preferred batch size hint (`ReadContext.batchSize`). */
  batchSize?: number;
}

/**
 * A quiet {@link ReadContext} for testing a {@link Source} without a pipeline: no logging, and every error the
 * source reports through `onInvalid` is collected in `invalid`.
 *
 * @example
 * ```ts
 * const { ctx, invalid } = testReadContext({ signal: controller.signal });
 * for await (const batch of source.read(ctx)) if (batch.events.length > 0) controller.abort();
 * expect(invalid).toEqual([]);
 * ```
 */
export function testReadContext(options: TestReadContextOptions = {}): {
  ctx: ReadContext;
  invalid: ParseError[];
} {
  const invalid: ParseError[] = [];
  const ctx: ReadContext = {
    signal: options.signal ?? new AbortController().signal,
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    log: { debug() {}, info() {}, warn() {}, error() {} },
    onInvalid(error) {
      invalid.push(error);
      if (options.onInvalid === 'fail') throw error;
    },
  };
  return { ctx, invalid };
}

/** Options of {@link readSource}. */
export interface ReadSourceOptions extends TestReadContextOptions {
  /** Stop after this many batches (default: read to the end). */
  maxBatches?: number;
}

/** Everything one read of a source yielded; see {@link readSource}. */
export interface SourceReadResult {
  /** The batches, in order. */
  batches: SourceBatch[];
  /** The events of all batches, in order. */
  events: TrailEvent[];
  /** The bad-input errors the source reported through `onInvalid`. */
  invalid: ParseError[];
  /** The position of the last batch (what a pipeline would checkpoint), or `undefined` if none. */
  last: Position | undefined;
}

/**
 * Read a {@link Source} to the end (or `maxBatches`) with a {@link testReadContext}, as a pipeline would but
 * without one, and return what it yielded. An error the source throws rejects the returned promise.
 *
 * @example
 * ```ts
 * const first = await readSource(mySource(options), { maxBatches: 2 });
 * const rest = await readSource(mySource(options), { from: first.last });
 * expect([...first.events, ...rest.events]).toHaveLength(total);
 * ```
 */
export async function readSource(source: Source, options: ReadSourceOptions = {}): Promise<SourceReadResult> {
  const { ctx, invalid } = testReadContext(options);
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  const batches: SourceBatch[] = [];
  if (maxBatches > 0) {
    for await (const batch of source.read(ctx)) {
      batches.push(batch);
      if (batches.length >= maxBatches) break;
    }
  }
  return { batches, events: batches.flatMap((b) => b.events), invalid, last: batches.at(-1)?.position };
}
