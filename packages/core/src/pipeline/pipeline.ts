import type { Sink, Source } from '../contracts';
import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { indexDetectors } from '../rules/detector-index';
import type { DetectionInput } from '../rules/to-detector';
import type { Finding } from '../rules/types';
import { runPipeline } from './run';
import { toPredicate } from '../filters/combinators';
import { filterSpec } from '../filters/filter-spec';
import type { Stage } from './stages';
import type { ItemFilter, RunOptions, RunSummary } from './types';

/**
 * A pipeline under construction. Every method returns a new pipeline (the builder is immutable), so a
 * partly built pipeline can be reused. `T` is the type of the items at the end of the chain.
 */
export interface Pipeline<T> {
  /** Read from `source`. Required, once. */
  from(source: Source): Pipeline<TrailEvent>;
  /** Keep only the items `filter` accepts (`pattern()`, `where()`, an object with `test`, or a function). */
  filter(filter: ItemFilter<T>): Pipeline<T>;
  /** Transform each item: return an item, an array of items (flattened), or `undefined` to drop it. */
  map<U>(fn: (item: T) => U | readonly U[] | undefined): Pipeline<U>;
  /**
   * Turn events into findings with rules and detectors. Detectors see events in source order; what
   * their `flush()` returns is delivered at the end of the run.
   */
  detect(this: Pipeline<TrailEvent>, detection: DetectionInput): Pipeline<Finding>;
  /** Write the items to `sinks` (a tap: the items also flow on to later stages). */
  to(...sinks: Sink<T>[]): Pipeline<T>;
  /**
   * Run until the source ends or `options.signal` aborts.
   *
   * Guarantees: a batch's position is saved (and its `ack` called) only after every sink resolved `write`
   * for it, in source order even when batches are written concurrently. When aborted, reading stops, the
   * writes in flight are awaited (sinks get the signal; one that ignores it is still never closed under a
   * running write) and committed when they succeed, sinks are flushed and closed, and the summary has
   * `aborted: true` unless everything had already been read and written.
   *
   * @returns the run summary.
   * @throws the first error (a `TrailkitError`: `SinkError`, `ParseError` under `onInvalid: 'fail'`,
   * `SourceError`, `CheckpointError`) after the last good position was saved and sinks were closed; the
   * summary is attached as `error.summary` (see `getRunSummary`). Invalid options throw `ConfigError`.
   */
  run(options?: RunOptions): Promise<RunSummary>;
}

/**
 * Start building a pipeline.
 *
 * @example
 * ```ts
 * const summary = await pipeline()
 *   .from(filesSource({ paths: ['samples/AWSLogs'] }))
 *   .filter((e) => e.errorCode !== undefined)
 *   .to(mySink)
 *   .run({ checkpoint: fileCheckpoint('.trailkit/state.json'), onInvalid: 'skip' });
 * ```
 */
export function pipeline(): Pipeline<TrailEvent> {
  return new Builder<TrailEvent>(undefined, []);
}

class Builder<T> implements Pipeline<T> {
  readonly #source: Source | undefined;
  readonly #stages: readonly Stage[];

  constructor(source: Source | undefined, stages: readonly Stage[]) {
    this.#source = source;
    this.#stages = stages;
  }

  from(source: Source): Pipeline<TrailEvent> {
    if (this.#source)
      throw new ConfigError('pipeline', 'from() was already called: a pipeline has one source');
    if (typeof source !== 'object' || source === null || typeof source.read !== 'function') {
      throw new ConfigError('pipeline', 'from() needs a Source (an object with name and read())');
    }
    if (typeof source.name !== 'string' || source.name === '') {
      throw new ConfigError('pipeline', 'from(): the source needs a non-empty name');
    }
    return new Builder<TrailEvent>(source, this.#stages);
  }

  filter(filter: ItemFilter<T>): Pipeline<T> {
    let test: (item: T) => boolean;
    try {
      test = toPredicate(filter);
    } catch (error) {
      throw new ConfigError('pipeline.filter', (error as Error).message);
    }
    const spec = filterSpec(filter);
    return this.#with({
      kind: 'filter',
      test: test as (item: unknown) => boolean,
      ...(spec !== undefined && { spec }),
    });
  }

  map<U>(fn: (item: T) => U | readonly U[] | undefined): Pipeline<U> {
    if (typeof fn !== 'function') throw new ConfigError('pipeline.map', 'map() needs a function');
    return this.#with<U>({ kind: 'map', fn: fn as (item: unknown) => unknown });
  }

  detect(detection: DetectionInput): Pipeline<Finding> {
    if (detection === undefined || detection === null) {
      throw new ConfigError('pipeline.detect', 'detect() needs rules or detectors');
    }
    // One detector that runs, per event, only the rules that can match it (same findings, same order).
    const index = indexDetectors(detection);
    if (index.detectors.length === 0)
      throw new ConfigError('pipeline.detect', 'detect() was given no rules or detectors');
    return this.#with<Finding>({ kind: 'detect', detectors: [index] });
  }

  to(...sinks: Sink<T>[]): Pipeline<T> {
    if (sinks.length === 0) throw new ConfigError('pipeline.to', 'to() needs at least one sink');
    sinks.forEach((sink, i) => {
      if (typeof sink !== 'object' || sink === null || typeof sink.write !== 'function') {
        throw new ConfigError('pipeline.to', `argument ${i} is not a Sink (an object with name and write())`);
      }
      if (typeof sink.name !== 'string' || sink.name === '') {
        throw new ConfigError('pipeline.to', `argument ${i}: the sink needs a non-empty name`);
      }
    });
    return this.#with({ kind: 'tap', sinks: sinks as Sink<unknown>[] });
  }

  run(options: RunOptions = {}): Promise<RunSummary> {
    if (!this.#source)
      return Promise.reject(new ConfigError('pipeline', 'run() needs a source: call from() first'));
    try {
      return runPipeline(this.#source, this.#stages, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #with<U = T>(stage: Stage): Pipeline<U> {
    return new Builder<U>(this.#source, [...this.#stages, stage]);
  }
}
