import type { SourceBatch } from '../contracts';
import { SourceError, TrailkitError } from '../errors';
import { retry } from '../util/retry';
import type { ResolvedRunOptions } from './run-options';
import { copySummary } from './summary';
import type { RunSummary } from './types';
import { Watermark } from './watermark';

/** What a batch's commit needs: its position and its `ack` (not its events). */
export type CommitPoint = Pick<SourceBatch, 'position' | 'ack'>;

/** A batch waiting for its writes, then for its turn to commit. */
interface Pending {
  batch: CommitPoint | undefined;
  /** Releases the batch's slot: called once it is committed (or will never be). */
  release: () => void;
}

/**
 * Commits a run's batches in read order once they are written (a watermark): saves the last position to
 * the checkpoint store, calls each batch's `ack` (with retries), counts and reports progress. Commits run
 * one after the other.
 */
export class Committer {
  readonly #opts: ResolvedRunOptions;
  readonly #summary: RunSummary;
  readonly #sourceName: string;
  readonly #signal: AbortSignal;
  readonly #fail: (error: unknown) => void;
  readonly #watermark = new Watermark<Pending>();
  #commits: Promise<void> = Promise.resolve();
  #broken = false;
  /** Set once the writes are drained: later completions are not committed (they replay on resume). */
  closing = false;

  constructor(
    opts: ResolvedRunOptions,
    summary: RunSummary,
    sourceName: string,
    signal: AbortSignal,
    fail: (error: unknown) => void,
  ) {
    this.#opts = opts;
    this.#summary = summary;
    this.#sourceName = sourceName;
    this.#signal = signal;
    this.#fail = fail;
  }

  /** Register a batch (or the detectors' end flush, `undefined`) in read order; returns its sequence number. */
  open(batch: CommitPoint | undefined, release: () => void): number {
    return this.#watermark.open({ batch, release });
  }

  /** A batch is written everywhere: commit it and every finished batch right after it, in order. */
  written(seq: number): void {
    if (this.closing) return;
    const ready = this.#watermark.done(seq);
    if (ready.length === 0) return;
    this.#commits = this.#commits.then(() => this.#commit(ready));
  }

  /** Resolves once every commit started so far (and those they lead to) is done. */
  async settled(): Promise<void> {
    let commits: Promise<void>;
    do {
      commits = this.#commits;
      await commits;
    } while (commits !== this.#commits);
  }

  async #commit(ready: Pending[]): Promise<void> {
    try {
      await this.#save(ready);
    } finally {
      for (const p of ready) p.release();
    }
  }

  async #save(ready: Pending[]): Promise<void> {
    if (this.closing || this.#broken) return;
    const { checkpoint, checkpointKey } = this.#opts;
    const batches = ready.flatMap((p) => (p.batch ? [p.batch] : []));
    const last = batches[batches.length - 1];
    try {
      if (last && last.position !== undefined) {
        if (checkpoint) await checkpoint.save(checkpointKey, last.position);
        this.#summary.position = last.position;
      }
      for (const batch of batches) {
        if (batch.ack) {
          const ack = batch.ack;
          await retry(() => ack(), { ...this.#opts.retry, signal: this.#signal }).catch((error: unknown) => {
            throw TrailkitError.isInstance(error)
              ? error
              : new SourceError(
                  'SOURCE_ACK_FAILED',
                  this.#sourceName,
                  undefined,
                  `ack failed: ${String(error)}`,
                  {
                    cause: error,
                  },
                );
          });
        }
      }
    } catch (error) {
      this.#broken = true;
      this.#fail(error);
      return;
    }
    this.#summary.committedBatches += batches.length;
    this.#progress();
  }

  #progress(): void {
    const { onProgress, log } = this.#opts;
    if (!onProgress) return;
    try {
      onProgress(copySummary(this.#summary));
    } catch (error) {
      log.warn('onProgress threw', { error: String(error) });
    }
  }
}
