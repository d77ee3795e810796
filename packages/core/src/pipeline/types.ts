import type { CheckpointStore, Logger, Position, Sink } from '../contracts';
import type { Severity } from '../rules/types';

export type { ItemFilter } from '../filters/types';

/** Retry policy for sink writes (exponential backoff with jitter). */
export interface RetryPolicy {
  /** Total attempts per write, the first included (default 5). */
  attempts?: number;
  /** Delay before the first retry in ms (default 200). */
  baseMs?: number;
  /** Largest delay in ms (default 10 000). */
  maxMs?: number;
  /** Jitter kind (default `full`). */
  jitter?: 'full' | 'equal' | 'none';
}

/**
 * What a dead-letter sink receives: one record per item that a sink could not write. (A type alias, not
 * an interface, so that a sink of events or findings, such as a file sink, also fits as the dead letter.)
 */
export type DeadLetter = {
  readonly kind: 'dead-letter';
  /** Name of the sink that failed. */
  sink: string;
  /** Message of the last error. */
  error: string;
  /** Attempts made. */
  attempts: number;
  /** The item (event, finding or anything a `map()` produced) that was not written. */
  item: unknown;
};

/** Options of `run()`. */
export interface RunOptions {
  /** Stops the run: reading stops, sinks are flushed and closed, and `run()` resolves with `aborted: true`. */
  signal?: AbortSignal;
  /**
   * After `signal` aborts, how long to wait for writes still in flight before sinks are closed anyway
   * (default 30 000 ms). Sinks get the signal; this bounds one that ignores it and never resolves.
   */
  abortGraceMs?: number;
  /** Where positions are saved after each batch is written everywhere (default: none, nothing is saved). */
  checkpoint?: CheckpointStore;
  /** Key under which the position is saved (default: the source's `name`). */
  checkpointKey?: string;
  /**
   * Bad input (`ParseError`): `skip` counts it in the summary and goes on; `fail` (default) stops the run
   * cleanly with that error, after saving the last committed position.
   */
  onInvalid?: 'skip' | 'fail';
  /** Batches in flight at once (read, transformed and being written), default 4. Bounds memory. */
  concurrency?: number;
  /**
   * Largest number of items in one `Sink.write` call (default 1000): bigger batches are written in
   * chunks. Also passed to the source as its preferred batch size.
   */
  batchSize?: number;
  /** Called with a copy of the summary so far after each committed batch. */
  onProgress?: (summary: RunSummary) => void;
  /** Retry policy for sink writes and source acks. */
  retry?: RetryPolicy;
  /**
   * Where items go when a sink still fails after every retry. Without it, such a failure stops the run
   * with a `SinkError`. With it, the batch counts as written once the dead-letter sink accepted it.
   */
  deadLetter?: Sink<DeadLetter>;
  /**
   * Drop events whose `eventID` was seen in the last N events (`true` = 100 000). Memory is bounded by N.
   */
  dedupe?: boolean | number;
  /** Structured logger (default: silent). */
  log?: Logger;
  /**
   * Threads that read, filter and pre-select events for detection (default `'auto'`). `1`: everything on
   * the calling thread. `N >= 2`: N worker threads read the files of a `filesSource()` (one file per unit of
   * work), apply the filters before the first `.detect()` / `.to()` and send back only what the main thread
   * still needs: the passing events, or, when a `.detect()` follows, only the events a detector may act on.
   * Results, positions (committed in order) and errors are the same as on one thread. `'auto'`: on a machine
   * of 3 cores or more, one per core but one (at most 4), for a tree of at least 256 files or 64 MiB when a `.detect()` follows the filters and
   * each of its detectors is a rule with a pattern or declares hints (so that the workers send back only part
   * of the events), else 1. Only pipelines whose filters are
   * `pattern()` / `where()` (and `allOf`/`anyOf`/`not` of them), without `map()` before the first
   * `.detect()` / `.to()` and without `dedupe`, reading a `filesSource()`, can use workers: `'auto'` stays
   * on one thread otherwise (a debug log line says why); a number >= 2 throws `ConfigError`.
   */
  workers?: number | 'auto';
}

/** Counts for one sink. */
export interface SinkStats {
  /** The sink's name. */
  name: string;
  /** Items the sink accepted. */
  written: number;
  /** Successful `write` calls. */
  writes: number;
  /** Retries made (attempts after a failed one). */
  retried: number;
  /** Items the sink did not accept after every retry. */
  failed: number;
  /** Items sent to the dead-letter sink instead. */
  deadLettered: number;
}

/** What `run()` returns (and `onProgress` receives). */
export interface RunSummary {
  /** The source's name. */
  source: string;
  /** Objects (files, S3 objects, messages) finished. */
  objects: number;
  /** Bytes read, as the source reports them. */
  bytes: number;
  /** Batches read from the source. */
  batches: number;
  /** Batches written to every sink and committed. */
  committedBatches: number;
  events: {
    /** Events the source yielded. */
    read: number;
    /** Events left after dedupe and every filter before `.detect()` (or the end of the pipeline). */
    passed: number;
    /** Bad records reported to `onInvalid` (skipped under the `skip` policy). */
    invalid: number;
    /** Events dropped by `dedupe`. */
    duplicates: number;
  };
  /** Bad input by error code, e.g. `{ PARSE_TRUNCATED_GZIP: 1 }`. */
  invalidByCode: Record<string, number>;
  findings: {
    total: number;
    /** Findings by rule id. */
    byRule: Record<string, number>;
    bySeverity: Record<Severity, number>;
  };
  /** One entry per sink, in the order they appear in the pipeline. */
  sinks: SinkStats[];
  /** Counts for the dead-letter sink, when there is one. */
  deadLetter?: SinkStats;
  /** The last committed position (what a new run resumes from), if any. */
  position?: Position;
  /** Wall-clock duration in milliseconds. */
  durationMs: number;
  /** True when the run was stopped by its `signal` before everything was read and written (not finished). */
  aborted: boolean;
  /** Worker threads the run read with (absent when it ran on one thread). */
  workers?: number;
}
