/**
 * The plugin contracts: what a source yields, what a sink accepts, where checkpoints go.
 * These are public API; plugin packages implement them. Keep them small.
 */
import type { ParseError } from './errors';
import type { JsonValue, TrailEvent } from './event/trail-event';
import type { Finding } from './rules/types';

/** A JSON-serializable cursor. Resuming from it skips the batch that carried it and every batch before. */
export type Position = JsonValue;

/** Minimal structured logger handed to sources (defaults to a no-op logger). */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What a source yields: parsed events and the position after them. */
export interface SourceBatch {
  /** Parsed records, each with its origin attached (see `getOrigin`). */
  events: TrailEvent[];
  /** Cursor after this batch; saved once every sink has written the batch. */
  position: Position;
  /** Called once every sink has written this batch (e.g. delete the SQS message). */
  ack?(): Promise<void>;
  /** Objects (files, S3 objects, messages) finished with this batch, for the run summary. */
  objects?: number;
  /** Bytes read for this batch (compressed, as transferred), for the run summary. */
  bytes?: number;
}

/** Handed to {@link Source.read}. */
export interface ReadContext {
  /** Aborted when the run stops; sources must stop reading and return. */
  signal: AbortSignal;
  /** The last committed position, when resuming. */
  from?: Position;
  log: Logger;
  /**
   * Report bad input. Pass it to core's `parse()` as `onInvalid`. Under the `skip` policy it counts the
   * error and returns (the source goes on); under `fail` it throws the error, which must propagate.
   */
  onInvalid(error: ParseError): void;
  /** Preferred number of events per batch (the run's `batchSize`); a hint, sources may use their own. */
  batchSize?: number;
}

/** A producer of event batches. Implementations: `filesSource`, `s3Source`, `sqsSource`, ... */
export interface Source {
  /** Short stable name; also the checkpoint key unless the run gives one. */
  readonly name: string;
  /** Yield batches in order. Must honour `ctx.signal` and resume after `ctx.from`. */
  read(ctx: ReadContext): AsyncIterable<SourceBatch>;
}

/** Handed to {@link Sink.write}. */
export interface WriteContext {
  signal: AbortSignal;
}

/**
 * A consumer of events or findings.
 *
 * **Who retries: the pipeline, only.** It owns retries (`run({ retry })`, backoff with jitter) and the
 * dead letter (`run({ deadLetter })`), and counts per sink what was written, retried and dead-lettered. A
 * sink makes one attempt per request and throws a classified error: `isRetryable: false` for what a retry
 * cannot fix (never retried: dead-lettered, or the run fails), `retryAfterMs` for a server's
 * `Retry-After` (the retry waits at least that long, up to `retry.maxMs`); any other error is retried. A
 * sink that delivered part of the items throws `PartialWriteError` (from `@trailkit/core/plugin`) naming
 * the undelivered ones: the rest counts as written and only those are retried or dead-lettered. Helpers:
 * `postJson` and `HttpCallError` (one classified HTTP attempt), `defineSink`, `batchSink`.
 */
export interface Sink<T = TrailEvent | Finding> {
  readonly name: string;
  /**
   * Resolves once the items are durably accepted (the pipeline then commits their position). Rejects,
   * after one attempt, with a classified error or a `PartialWriteError`: the pipeline decides whether and
   * what to retry. A retried write receives only the items not yet delivered; it may come while an earlier
   * write is in flight.
   */
  write(items: readonly T[], ctx: WriteContext): Promise<void>;
  /** Push out anything buffered. Called before close and when a run ends. */
  flush?(): Promise<void>;
  /** Release resources. Called once, after the last write and flush. */
  close?(): Promise<void>;
}

/** Where positions are stored between runs. */
export interface CheckpointStore {
  load(key: string): Promise<Position | undefined>;
  save(key: string, position: Position): Promise<void>;
}
