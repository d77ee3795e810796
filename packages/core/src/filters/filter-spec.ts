import type { Detector } from '../rules/types';
import type { PatternLimits } from './pattern-limits';
import type { EventFilter, FilterLike } from './types';
import type { WhereCriteria } from './where';

/**
 * How to build a filter again from data, in another thread (pipeline workers): the pattern text, the
 * `where()` criteria, or a combination of such filters. Functions and other objects have none.
 */
export type FilterSpec =
  | { kind: 'pattern'; text: string; limits?: PatternLimits }
  | { kind: 'where'; criteria: WhereCriteria }
  | { kind: 'all' | 'any'; of: FilterSpec[] }
  | { kind: 'not'; of: FilterSpec };

const SPEC = Symbol('trailkit.filterSpec');

interface Stored {
  spec: FilterSpec;
  /** The `test` the spec describes: the spec is ignored once `test` is replaced. */
  test: EventFilter['test'];
}

/** Attach a spec to a filter built by `pattern()`, `where()`, `allOf()`, `anyOf()` or `not()` (non-enumerable). */
export function setFilterSpec<F extends EventFilter>(filter: F, spec: FilterSpec): F {
  const stored: Stored = { spec, test: filter.test };
  Object.defineProperty(filter, SPEC, { value: stored, enumerable: false });
  return filter;
}

/** The spec of a filter built by the library's filter factories, or undefined (functions, other objects). */
export function filterSpec(filter: FilterLike | unknown): FilterSpec | undefined {
  if (typeof filter !== 'object' || filter === null) return undefined;
  const stored = (filter as { [SPEC]?: Stored })[SPEC];
  return stored !== undefined && stored.test === (filter as EventFilter).test ? stored.spec : undefined;
}

/** The specs of every filter, or undefined when one has none. */
export function filterSpecs(filters: readonly FilterLike[]): FilterSpec[] | undefined {
  const specs: FilterSpec[] = [];
  for (const f of filters) {
    const spec = filterSpec(f);
    if (spec === undefined) return undefined;
    specs.push(spec);
  }
  return specs;
}

const MATCH = Symbol('trailkit.detectorMatch');

interface StoredMatch {
  spec: FilterSpec;
  process: Detector['process'];
}

/**
 * Mark a detector compiled from a stateless rule: `process` returns a finding exactly when the `spec`
 * filter passes, and keeps no state. Pipeline workers use it to send only the events it matches.
 */
export function setDetectorMatch<D extends Detector>(detector: D, spec: FilterSpec): D {
  const stored: StoredMatch = { spec, process: detector.process };
  Object.defineProperty(detector, MATCH, { value: stored, enumerable: false });
  return detector;
}

/** The match spec of a detector compiled from a stateless rule (see {@link setDetectorMatch}), or undefined. */
export function detectorMatch(detector: Detector): FilterSpec | undefined {
  const stored = (detector as { [MATCH]?: StoredMatch })[MATCH];
  return stored !== undefined && stored.process === detector.process ? stored.spec : undefined;
}
