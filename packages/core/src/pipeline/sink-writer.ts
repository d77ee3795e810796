import type { Sink } from '../contracts';
import { SinkError } from '../errors';
import { PartialWriteError } from '../plugin/partial-write-error';
import { retry } from '../util/retry';
import type { ResolvedRunOptions } from './run-options';
import type { DeadLetter, RunSummary, SinkStats } from './types';

/**
 * Delivers a run's items to its sinks: chunks of `batchSize`, retries with backoff, partial writes, and the
 * dead letter for what is refused. Counts everything in the run's summary.
 */
export class SinkWriter {
  readonly #sinks: readonly Sink<unknown>[];
  readonly #summary: RunSummary;
  readonly #opts: ResolvedRunOptions;
  /** Aborted on user abort only: in-flight writes keep going when the run fails, so they can commit. */
  readonly #signal: AbortSignal;

  constructor(
    sinks: readonly Sink<unknown>[],
    summary: RunSummary,
    opts: ResolvedRunOptions,
    signal: AbortSignal,
  ) {
    this.#sinks = sinks;
    this.#summary = summary;
    this.#opts = opts;
    this.#signal = signal;
  }

  /** Write each group of items to its sink (all at once); rejects with the first failure once all settled. */
  async deliver(writes: readonly { sink: number; items: readonly unknown[] }[]): Promise<void> {
    const results = await Promise.allSettled(writes.map((w) => this.writeAll(w.sink, w.items)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Write items to one sink in chunks of `batchSize`, each with retries (and the dead letter). The pipeline
   * is the only one that retries: when a sink throws a `PartialWriteError`, the items it delivered count as
   * written, the items of non-retryable failures go to the dead letter at once, and only the rest is
   * retried. An error with `isRetryable === false` is not retried at all (see `retry`).
   */
  async writeAll(index: number, items: readonly unknown[]): Promise<void> {
    const sink = this.#sinks[index] as Sink<unknown>;
    const stats = this.#summary.sinks[index] as SinkStats;
    const size = this.#opts.batchSize;
    for (let i = 0; i < items.length; i += size) {
      const chunk = items.length <= size ? items : items.slice(i, i + size);
      let remaining: readonly unknown[] = chunk;
      let attempts = 0;
      const refused: Array<{ items: readonly unknown[]; error: unknown; attempts: number }> = [];
      /** The retryable failures of the last partial write (each with its own error, for the dead letter). */
      let lastFailures:
        | { error: unknown; failures: readonly { items: readonly unknown[]; error: unknown }[] }
        | undefined;
      try {
        await this.#withRetry(stats, async (attempt) => {
          attempts = attempt;
          lastFailures = undefined;
          try {
            await sink.write(remaining, { signal: this.#signal });
          } catch (error) {
            if (!PartialWriteError.isInstance(error)) throw error;
            const left = error.partition(remaining.length);
            if (!left) throw error;
            stats.written += error.delivered;
            for (const f of left.refused) refused.push({ ...f, attempts: attempt });
            remaining = left.retry;
            lastFailures = { error, failures: left.failures };
            if (remaining.length > 0) throw error;
          }
        });
        stats.written += remaining.length;
        stats.writes++;
      } catch (error) {
        if (this.#signal.aborted) throw error;
        const last = lastFailures as typeof lastFailures | undefined; // assigned in the callback above
        if (last && last.error === error) for (const f of last.failures) refused.push({ ...f, attempts });
        else refused.push({ items: remaining, error, attempts });
      }
      for (const r of refused) {
        stats.failed += r.items.length;
        this.#opts.log.warn('sink write failed', {
          sink: sink.name,
          attempts: r.attempts,
          items: r.items.length,
          error: String(r.error),
        });
        const deadLetter = this.#opts.deadLetter;
        if (!deadLetter) throw new SinkError(sink.name, r.attempts, { cause: r.error });
        await this.#toDeadLetter(deadLetter, sink.name, r.attempts, r.error, r.items);
        stats.deadLettered += r.items.length;
      }
    }
  }

  async #toDeadLetter(
    deadLetter: Sink<DeadLetter>,
    sinkName: string,
    attempts: number,
    error: unknown,
    items: readonly unknown[],
  ): Promise<void> {
    const stats = this.#summary.deadLetter as SinkStats;
    const message = error instanceof Error ? error.message : String(error);
    const records: DeadLetter[] = items.map((item) => ({
      kind: 'dead-letter',
      sink: sinkName,
      error: message,
      attempts,
      item,
    }));
    let tries = 0;
    try {
      await this.#withRetry(stats, async (attempt) => {
        tries = attempt;
        await deadLetter.write(records, { signal: this.#signal });
      });
    } catch (cause) {
      if (this.#signal.aborted) throw cause;
      stats.failed += records.length;
      throw new SinkError(deadLetter.name, tries, { cause });
    }
    stats.written += records.length;
    stats.writes++;
  }

  #withRetry(stats: SinkStats, fn: (attempt: number) => Promise<void>): Promise<void> {
    return retry(fn, {
      ...this.#opts.retry,
      signal: this.#signal,
      onRetry: () => {
        stats.retried++;
      },
    });
  }
}
