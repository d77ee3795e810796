import type { Position, ReadContext, Sink, Source, SourceBatch } from '../contracts';
import { type ParseError, SourceError, TrailkitError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { listFiles } from '../sources/files/list-files';
import { RecentIds } from '../util/recent-ids';
import { closeSinks } from './close-sinks';
import { type CommitPoint, Committer } from './committer';
import { attachSummary } from './run-failure';
import { type ResolvedRunOptions, resolveRunOptions } from './run-options';
import { SinkWriter } from './sink-writer';
import { type Stage, type StageOutput, StageRunner } from './stages';
import { copySummary, emptySummary } from './summary';
import { planWorkers, threadsFor, type WorkersRun } from './workers/plan-workers';
import { listedBytes, readWithWorkers, type WorkerBatch } from './workers/read-with-workers';
import { WorkerPool } from './workers/worker-pool';
import type { RunOptions, RunSummary } from './types';

/**
 * Run `stages` over `source` until the source ends, the signal aborts or something fails.
 * See `Pipeline.run` for the guarantees.
 */
export async function runPipeline(
  source: Source,
  stages: readonly Stage[],
  options: RunOptions,
): Promise<RunSummary> {
  const opts = resolveRunOptions(options, source.name);
  const workers = planWorkers(source, stages, opts);
  return new Run(source, stages, opts, workers).start();
}

/**
 * The read loop of a run: pulls batches, runs them through the stages, starts their writes (a
 * {@link SinkWriter}) at most `concurrency` at a time, hands finished ones to the {@link Committer}, and
 * shuts down (drain, close sinks) when the source ends, the signal aborts or something fails.
 */
class Run {
  readonly #source: Source;
  readonly #opts: ResolvedRunOptions;
  #runner: StageRunner;
  readonly #workers: WorkersRun | undefined;
  /** Set when the batches come from worker threads (see `WorkerBatch`). */
  #workerBatches = false;
  readonly #sinks: Sink<unknown>[];
  readonly #summary: RunSummary;
  readonly #started = performance.now();
  /** Aborted on user abort and on failure: stops the source. */
  readonly #stop = new AbortController();
  /** Resolves when `#stop` aborts. */
  readonly #stopped$ = new Promise<void>((resolve) => {
    this.#stop.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  /** Aborted on user abort only: in-flight writes keep going when the run fails, so they can commit. */
  readonly #sinkStop = new AbortController();
  readonly #writer: SinkWriter;
  readonly #committer: Committer;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #dedupe: RecentIds | undefined;
  #wake: () => void = () => {};
  #failure: TrailkitError | undefined;
  /** Set once the source has ended on its own (every batch was read). */
  #sourceDone = false;
  /** Batches (and the detectors' end flush) launched whose writes have not all succeeded yet. */
  #undelivered = 0;

  constructor(
    source: Source,
    stages: readonly Stage[],
    opts: ResolvedRunOptions,
    workers: WorkersRun | undefined,
  ) {
    this.#source = source;
    this.#opts = opts;
    this.#workers = workers;
    this.#runner = new StageRunner(stages);
    this.#sinks = this.#runner.sinks();
    this.#summary = emptySummary(
      source.name,
      this.#sinks.map((s) => s.name),
      opts.deadLetter?.name,
    );
    this.#dedupe = opts.dedupe > 0 ? new RecentIds(opts.dedupe) : undefined;
    this.#writer = new SinkWriter(this.#sinks, this.#summary, opts, this.#sinkStop.signal);
    this.#committer = new Committer(opts, this.#summary, source.name, this.#sinkStop.signal, (error) =>
      this.#fail(error),
    );
  }

  get #aborted(): boolean {
    return this.#opts.signal?.aborted === true;
  }

  get #stopped(): boolean {
    return this.#aborted || this.#failure !== undefined;
  }

  async start(): Promise<RunSummary> {
    const { signal } = this.#opts;
    const onAbort = () => {
      this.#stop.abort(signal?.reason);
      this.#sinkStop.abort(signal?.reason);
      this.#wake();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.#read();
      await this.#drain();
      this.#committer.closing = true;
      await this.#closeSinks();
    } finally {
      this.#committer.closing = true;
      signal?.removeEventListener('abort', onAbort);
    }
    this.#summary.durationMs = Math.round(performance.now() - this.#started);
    // Aborted: stopped by the signal before everything was read and written (the input is not finished).
    const complete = this.#sourceDone && this.#undelivered === 0;
    this.#summary.aborted = this.#aborted && this.#failure === undefined && !complete;
    const summary = copySummary(this.#summary);
    if (this.#failure) throw attachSummary(this.#failure, summary);
    return summary;
  }

  /** Pull batches and start their writes, at most `concurrency` at a time. */
  async #read(): Promise<void> {
    const { checkpoint, checkpointKey, log } = this.#opts;
    let from: Position | undefined;
    if (checkpoint && !this.#stopped) {
      try {
        from = await checkpoint.load(checkpointKey);
      } catch (error) {
        this.#fail(error);
        return;
      }
      if (from !== undefined) {
        this.#summary.position = from;
        log.info('resuming', { source: this.#source.name, key: checkpointKey });
      }
    }
    if (this.#stopped) return;
    const ctx: ReadContext = {
      signal: this.#stop.signal,
      from,
      log,
      batchSize: this.#opts.batchSize,
      onInvalid: (error) => this.#invalid(error),
    };
    let iterator: AsyncIterator<SourceBatch>;
    try {
      iterator = (await this.#open(ctx))[Symbol.asyncIterator]();
    } catch (error) {
      this.#fail(error);
      return;
    }
    let pending = false;
    let sourceDone = false;
    try {
      while (!this.#stopped) {
        while (this.#inFlight.size >= this.#opts.concurrency && !this.#stopped) await this.#nextSettled();
        if (this.#stopped) break;
        pending = true;
        const next = iterator.next();
        const result = await this.#raceStop(next);
        if (result === STOPPED) {
          next.catch(() => {});
          break;
        }
        pending = false;
        if (result.done) {
          sourceDone = true;
          this.#sourceDone = !this.#stopped;
          break;
        }
        try {
          this.#accept(result.value);
        } catch (error) {
          this.#fail(error);
          break;
        }
      }
    } catch (error) {
      pending = false;
      sourceDone = true; // an iterator that threw is finished
      this.#fail(error);
    }
    if (!sourceDone) {
      const closing = iterator.return?.();
      if (closing) {
        if (pending) closing.catch(() => {});
        else
          await closing.catch((error: unknown) => log.warn('source close failed', { error: String(error) }));
      }
    }
    if (sourceDone && !this.#stopped) {
      // The stream ended: detectors flush, and what they return is written like a last batch.
      let out: StageOutput;
      try {
        out = this.#runner.end();
      } catch (error) {
        this.#fail(error);
        return;
      }
      this.#count(out);
      this.#launch(undefined, out);
    }
  }

  /**
   * The batches to read: the source's, or (a files source, a pipeline that can be sent, enough files for
   * `'auto'`) the same files read by worker threads, the main thread running only the stages after theirs.
   */
  async #open(ctx: ReadContext): Promise<AsyncIterable<SourceBatch>> {
    const w = this.#workers;
    if (!w) return this.#source.read(ctx);
    const o = w.files.options;
    const listed = await listFiles(o.paths, w.files.selection, o.name);
    const threads = threadsFor(w.workers, listed.length, w.workers === 'auto' ? listedBytes(listed) : 0);
    if (threads < 2) return this.#source.read(ctx);
    this.#runner = new StageRunner(w.stages);
    this.#workerBatches = true;
    this.#summary.workers = threads;
    this.#opts.log.debug('reading with worker threads', { workers: threads, files: listed.length });
    const pool = new WorkerPool(threads, w.plan, w.entry);
    const close = () => void pool.close();
    ctx.signal.addEventListener('abort', close, { once: true });
    // files handed out ahead of the one consumed: enough to keep every worker busy, bounded
    const window = Math.max(threads * 4, o.concurrency);
    return (async function* () {
      try {
        yield* readWithWorkers(listed, o.name, o.batchSize, pool, window, ctx);
      } finally {
        ctx.signal.removeEventListener('abort', close);
        await pool.close();
      }
    })();
  }

  /** Count a batch, run it through the stages and start its writes. */
  #accept(batch: SourceBatch): void {
    if (typeof batch !== 'object' || batch === null || !Array.isArray(batch.events)) {
      throw new SourceError(
        'SOURCE_BAD_BATCH',
        this.#source.name,
        undefined,
        'yielded a batch without an events array',
      );
    }
    const s = this.#summary;
    s.batches++;
    const fromWorkers = this.#workerBatches ? (batch as WorkerBatch) : undefined;
    s.events.read += fromWorkers ? fromWorkers.read : batch.events.length;
    s.objects += batch.objects ?? 0;
    s.bytes += batch.bytes ?? 0;
    let events: readonly TrailEvent[] = batch.events;
    const seen = this.#dedupe;
    if (seen) {
      events = events.filter((e) => typeof e.eventID !== 'string' || seen.add(e.eventID));
      s.events.duplicates += batch.events.length - events.length;
    }
    let out: StageOutput;
    try {
      out = this.#runner.push(events);
    } catch (error) {
      throw stageError(error);
    }
    // the workers sent only the events a detector may act on: they counted the passing ones
    if (fromWorkers && this.#workers?.detectionOnly) out.passed = fromWorkers.passed;
    this.#count(out);
    this.#launch(batch, out);
  }

  #count(out: StageOutput): void {
    const s = this.#summary;
    s.events.passed += out.passed;
    for (const f of out.findings) {
      s.findings.total++;
      const rule = f.rule?.id ?? 'unknown';
      s.findings.byRule[rule] = (s.findings.byRule[rule] ?? 0) + 1;
      if (f.severity in s.findings.bySeverity) s.findings.bySeverity[f.severity]++;
    }
  }

  /** Track a batch: write it to every sink, mark it done for the watermark, hold its slot until committed. */
  #launch(batch: SourceBatch | undefined, out: StageOutput): void {
    let release!: () => void;
    const committed = new Promise<void>((resolve) => {
      release = resolve;
    });
    // the committer keeps what a commit needs, not the batch's events (they would stay alive, and be
    // promoted to the old generation, for as long as the batch is in flight)
    const seq = this.#committer.open(batch && commitPoint(batch), release);
    // A batch holds its slot until it is committed, so written-but-uncommitted batches (what a crash
    // replays) never exceed `concurrency` either. When the run stops, slots are released at once.
    this.#undelivered++;
    const task = this.#writer.deliver(out.writes).then(
      () => {
        this.#undelivered--;
        this.#committer.written(seq);
        return Promise.race([committed, this.#stopped$]);
      },
      (error: unknown) => this.#fail(error),
    );
    const tracked = task.finally(() => {
      this.#inFlight.delete(tracked);
      this.#wake();
    });
    this.#inFlight.add(tracked);
  }

  /**
   * Wait for every write in flight, then for the commits they started. Also when aborted: the sinks got
   * the signal, and one that ignores it is not closed under a running write, for up to `abortGraceMs`.
   * Writes that complete meanwhile are committed (less to replay).
   */
  async #drain(): Promise<void> {
    let grace: NodeJS.Timeout | undefined;
    let graceOver = false;
    try {
      while (this.#inFlight.size > 0 && !graceOver) {
        if (this.#aborted && grace === undefined) {
          grace = setTimeout(() => {
            graceOver = true;
            this.#wake();
          }, this.#opts.abortGraceMs);
        }
        await this.#nextSettled();
      }
    } finally {
      clearTimeout(grace);
    }
    if (graceOver) {
      this.#opts.log.warn('closing sinks with writes still in flight after abortGraceMs', {
        writes: this.#inFlight.size,
        abortGraceMs: this.#opts.abortGraceMs,
      });
    }
    await this.#committer.settled();
  }

  /** Flush and close every sink (pipeline order, then the dead letter). */
  async #closeSinks(): Promise<void> {
    const all: Sink<unknown>[] = [...this.#sinks];
    if (this.#opts.deadLetter) all.push(this.#opts.deadLetter as Sink<unknown>);
    await closeSinks(all, (error) => this.#fail(error, true));
  }

  /** Report bad input: count it; under `fail`, throw it back into the source. */
  #invalid(error: ParseError): void {
    const s = this.#summary;
    s.events.invalid++;
    const code = typeof error?.code === 'string' ? error.code : 'UNKNOWN';
    s.invalidByCode[code] = (s.invalidByCode[code] ?? 0) + 1;
    if (this.#opts.onInvalid === 'fail') throw error;
    this.#opts.log.warn('skipped bad input', { error: error?.message ?? String(error) });
  }

  /** Record the first failure and stop reading. Errors caused by the user's abort are not failures. */
  #fail(error: unknown, evenIfAborted = false): void {
    if (this.#aborted && !evenIfAborted) return;
    if (this.#failure === undefined) {
      this.#failure = asTrailkitError(error, this.#source.name);
      this.#opts.log.error('run failed', { error: this.#failure.message });
    }
    this.#stop.abort(this.#failure);
    this.#wake();
  }

  /** Resolve when any write in flight settles, or the run stops. */
  #nextSettled(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
      if (this.#inFlight.size === 0) resolve();
    });
  }

  #raceStop<T>(promise: Promise<T>): Promise<T | typeof STOPPED> {
    if (this.#stopped) return Promise.resolve(STOPPED);
    return new Promise((resolve, reject) => {
      const signal = this.#stop.signal;
      const onStop = () => resolve(STOPPED);
      signal.addEventListener('abort', onStop, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onStop);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onStop);
          reject(error);
        },
      );
    });
  }
}

const STOPPED: unique symbol = Symbol('stopped');

function asTrailkitError(error: unknown, source: string): TrailkitError {
  if (TrailkitError.isInstance(error)) return error;
  return new SourceError(
    'SOURCE_FAILED',
    source,
    undefined,
    error instanceof Error ? error.message : String(error),
    {
      cause: error,
    },
  );
}

function stageError(error: unknown): TrailkitError {
  if (TrailkitError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TrailkitError('PIPELINE_STAGE_FAILED', `pipeline stage failed: ${message}`, { cause: error });
}

/** What committing a batch needs: its position, and its `ack` (bound to it: only sources with acks keep it alive). */
function commitPoint(batch: SourceBatch): CommitPoint {
  const ack = batch.ack;
  return ack ? { position: batch.position, ack: () => ack.call(batch) } : { position: batch.position };
}
