import type { TrailEvent } from '../../event/trail-event';
import type { FilterSpec } from '../../filters/filter-spec';

/**
 * What a pipeline worker needs to do a run's per-file work, as data (structured-clonable): the files
 * source's event selection, the filters before the first `.detect()` / `.to()`, and (when a `.detect()`
 * comes next) enough of each detector to tell which events it may match.
 */
export interface WorkerPlan {
  /** The files source's per-event selection (`accounts`, `regions`, `since`, `until`). */
  selection: { accounts?: string[]; regions?: string[]; since?: number; until?: number };
  /** The pipeline's leading filters, in order. */
  filters: FilterSpec[];
  /**
   * The detectors of the `.detect()` that follows the filters, in order: only events that one of them may
   * act on are sent back (the detectors themselves run on the main thread). Undefined: every passing event
   * is sent back.
   */
  detection?: DetectorSpec[];
  /** The run's `onInvalid`: under `fail`, a worker stops reading a file at its first bad record. */
  onInvalid: 'skip' | 'fail';
  /** Events per message sent back for one file (memory stays bounded on a large file). */
  partEvents: number;
  /** Messages of one file the worker sends ahead of the main thread's acknowledgements. */
  partsAhead: number;
}

/**
 * One detector, as a worker sees it: its promises about the events it ignores (see `Detector.eventNames`)
 * and, for a detector compiled from a stateless rule, the rule's match (the event is sent only if it passes).
 */
export interface DetectorSpec {
  eventNames?: string[];
  eventSources?: string[];
  errorsOnly?: boolean;
  hintsIgnoreCase?: boolean;
  match?: FilterSpec;
}

/** A unit of work: one file, minus the records a resumed position already counts as read. */
export interface FileTask {
  file: string;
  /** Records (in file order) to skip: `partial.records` of the position being resumed. */
  skip: number;
}

/** An error, as data: rebuilt on the main thread with its class, code and origin (see `revive-error.ts`). */
export interface SentError {
  /** `ParseError`, `TrailkitError`, or `Error` for anything else. */
  kind: 'ParseError' | 'TrailkitError' | 'Error';
  code?: string;
  message: string;
  input?: string;
  offset?: number;
  recordIndex?: number;
}

/** Event flags of {@link FilePart.flags}. */
export const DROPPED = 0;
/** Passed the filters, not sent (no detector may act on it). */
export const PASSED = 1;
/** Passed the filters and sent back (in {@link FilePart.events}). */
export const SENT = 2;

/**
 * Part of one file's result, in file order. Every event the source keeps (after `skip` and the source's
 * selection) has an entry in `consumed` and `flags`; those flagged {@link SENT} are in `events`, in order.
 */
export interface FilePart {
  /** Records read from the file (1-based count) at each kept event: the position inside the file. */
  consumed: number[];
  /** {@link DROPPED}, {@link PASSED} or {@link SENT}, per kept event. */
  flags: number[];
  events: TrailEvent[];
  /**
   * The record index of each sent event in its file (`origin.index`; a structured clone drops the attached
   * origin, and the rest of it, source and file, is the same for every event of the file).
   */
  indexes: number[];
  /** `origin.envelopeId` of sent events read from EventBridge envelopes, by position in `events`. */
  envelopes?: Record<number, string>;
  /** Bad records reported while reading this part, each after `atKept` kept events of the file. */
  invalid: Array<{ atKept: number; error: SentError }>;
  /** Set on the last part: compressed bytes read, and the error that ended the read, if any. */
  end?: { bytes: number; thrown?: { atKept: number; error: SentError } };
}

/** Main thread → worker. */
export type ToWorker = { type: 'task'; id: number; task: FileTask } | { type: 'ack'; id: number };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'part'; id: number; part: FilePart }
  | { type: 'failed'; id: number; error: SentError };
