import { availableParallelism } from 'node:os';
import type { Source } from '../../contracts';
import { ConfigError } from '../../errors';
import type { FilterSpec } from '../../filters/filter-spec';
import { detectorMatch } from '../../filters/filter-spec';
import type { DetectorIndex } from '../../rules/detector-index';
import type { Detector } from '../../rules/types';
import { type FilesSourceInternals, filesInternals } from '../../sources/files/internals';
import type { ResolvedRunOptions } from '../run-options';
import type { Stage } from '../stages';
import type { DetectorSpec, WorkerPlan } from './protocol';
import { findWorkerEntry, type WorkerEntry } from './worker-entry';

/** `workers: 'auto'` uses worker threads for a files tree of at least this many files... */
export const AUTO_MIN_FILES = 256;
/** ...or of at least this many bytes (compressed, as stored) in two files or more. */
export const AUTO_MIN_BYTES = 64 * 1024 * 1024;
/** `workers: 'auto'` starts at most this many threads (one per core but the main thread's, up to it). */
export const AUTO_MAX_WORKERS = 4;
/**
 * `workers: 'auto'` uses threads only on a machine with at least this many cores. Measured on 2 cores
 * (bench/README.md, "Worker threads"): the main thread, its workers and V8's own GC threads then share two
 * cores, and even a run whose workers send back a sixth of the events (`--rules cis`) is slower with
 * 1 or 2 workers than on one thread.
 */
export const AUTO_MIN_CORES = 3;
/** Kept events per message from a worker. */
const PART_EVENTS = 2000;
/** Messages of one file a worker sends ahead of the main thread. */
const PARTS_AHEAD = 2;

/** A run that can spread over worker threads: what they do, and what stays on the main thread. */
export interface WorkersRun {
  /** Threads to start (`auto`: decided once the files are listed, see {@link threadsFor}). */
  workers: number | 'auto';
  files: FilesSourceInternals;
  plan: WorkerPlan;
  entry: WorkerEntry;
  /** The stages the main thread still runs, over what the workers send back. */
  stages: Stage[];
  /**
   * True when the workers send back only the events a detector may act on: the run's `passed` count then
   * comes from the workers.
   */
  detectionOnly: boolean;
}

/**
 * Decide whether a run can use worker threads. `undefined` means one thread: `workers: 1`, or `'auto'`
 * with something that cannot be sent to a worker, or when the workers would send back every passing event
 * (logged at debug level).
 * @throws ConfigError when `workers` asks for threads and the pipeline cannot use them (the reason named).
 */
export function planWorkers(
  source: Source,
  stages: readonly Stage[],
  opts: ResolvedRunOptions,
): WorkersRun | undefined {
  const { workers } = opts;
  if (workers === 1) return undefined;
  let found = sendable(source, stages, opts);
  // Measured (bench/README.md, "Worker threads"): copying an event back costs the main thread about what
  // parsing it there costs, so 'auto' uses workers only when they send back a part of the events.
  if (workers === 'auto' && typeof found !== 'string' && sendsEverything(found.plan)) {
    found =
      'every passing event would be copied back to the main thread (no .detect() after the filters, or a detector without eventNames/eventSources/errorsOnly hints)';
  }
  if (typeof found === 'string') {
    if (workers === 'auto') {
      opts.log.debug('one thread', { reason: found });
      return undefined;
    }
    throw new ConfigError('pipeline.run', `workers: ${workers} cannot be used: ${found}`);
  }
  return { workers, ...found };
}

/**
 * Threads for a listed tree: `workers` as given, or (`auto`) for a large enough tree on a machine of at
 * least {@link AUTO_MIN_CORES} cores, one per core but the main thread's (at most {@link AUTO_MAX_WORKERS}).
 */
export function threadsFor(
  workers: number | 'auto',
  files: number,
  bytes: number,
  cores: number = availableParallelism(),
): number {
  if (workers !== 'auto') return workers;
  const large = files >= AUTO_MIN_FILES || (files >= 2 && bytes >= AUTO_MIN_BYTES);
  return large && cores >= AUTO_MIN_CORES ? Math.min(cores - 1, AUTO_MAX_WORKERS) : 1;
}

/**
 * True when the workers would send back every passing event: no detection follows the filters, or one of
 * its detectors may act on any event (no rule pattern, no hints).
 */
export function sendsEverything(plan: WorkerPlan): boolean {
  if (!plan.detection) return true;
  return plan.detection.some(
    (d) =>
      d.match === undefined &&
      d.eventNames === undefined &&
      d.eventSources === undefined &&
      d.errorsOnly !== true,
  );
}

/** The workers' part of a run, or why there is none. */
function sendable(
  source: Source,
  stages: readonly Stage[],
  opts: ResolvedRunOptions,
): Omit<WorkersRun, 'workers'> | string {
  const files = filesInternals(source);
  if (!files) return 'only a filesSource() is read in worker threads (other sources use one thread)';
  if (opts.dedupe > 0) return 'dedupe needs every event on one thread';
  const filters: FilterSpec[] = [];
  let at = 0;
  for (; at < stages.length; at++) {
    const stage = stages[at] as Stage;
    if (stage.kind === 'map') return 'a map() before the first detect() or to() runs only on the main thread';
    if (stage.kind !== 'filter') break;
    if (stage.spec === undefined) {
      return 'a filter() that is a function or a custom object (only pattern(), where(), allOf(), anyOf() and not() of them are rebuilt in a worker)';
    }
    filters.push(stage.spec);
  }
  const next = stages[at];
  let detection: DetectorSpec[] | undefined;
  if (next?.kind === 'detect') detection = next.detectors.flatMap(detectorSpecs);
  const entry = findWorkerEntry();
  if (!entry) return 'the worker script (pipeline-worker.js) is not beside the package';
  const s = files.options;
  const plan: WorkerPlan = {
    selection: {
      ...(s.accounts && { accounts: [...s.accounts] }),
      ...(s.regions && { regions: [...s.regions] }),
      ...(s.since !== undefined && { since: s.since }),
      ...(s.until !== undefined && { until: s.until }),
    },
    filters,
    ...(detection && { detection }),
    onInvalid: opts.onInvalid,
    partEvents: PART_EVENTS,
    partsAhead: PARTS_AHEAD,
  };
  try {
    structuredClone(plan);
  } catch {
    return 'a where() criterion that cannot be copied to a worker';
  }
  return { files, plan, entry, stages: stages.slice(at), detectionOnly: detection !== undefined };
}

/** A detector as the workers see it (an index is its detectors). */
function detectorSpecs(detector: Detector): DetectorSpec[] {
  const index = detector as Partial<DetectorIndex>;
  if (Array.isArray(index.detectors) && typeof index.candidates === 'function') {
    return index.detectors.flatMap(detectorSpecs);
  }
  const match = detectorMatch(detector);
  return [
    {
      ...(detector.eventNames !== undefined && { eventNames: [...detector.eventNames] }),
      ...(detector.eventSources !== undefined && { eventSources: [...detector.eventSources] }),
      ...(detector.errorsOnly === true && { errorsOnly: true }),
      ...(detector.hintsIgnoreCase === true && { hintsIgnoreCase: true }),
      ...(match !== undefined && { match }),
    },
  ];
}
