import type { EventFilter, FilterLike } from './types';

/**
 * What a filter built by `pattern()` or `where()` is known to require: the exact `eventName` / `eventSource`
 * texts an event must have to pass (undefined: no such condition), and whether it needs an `errorCode`. Rule indexing (`indexDetectors`) uses it
 * to skip rules that cannot match an event.
 */
export interface FilterHints {
  readonly eventNames?: ReadonlySet<string>;
  readonly eventSources?: ReadonlySet<string>;
  /** True when only events with an `errorCode` (present, not `undefined`) can pass. */
  readonly errorsOnly?: boolean;
}

const HINTS = Symbol('trailkit.filterHints');

interface Stored {
  hints: FilterHints;
  /** The `test` the hints were derived for: hints are ignored once `test` is replaced. */
  test: EventFilter['test'];
}

/** Attach hints to a filter (non-enumerable: a copy made by spreading does not carry them). */
export function setFilterHints<F extends EventFilter>(filter: F, hints: FilterHints): F {
  const stored: Stored = { hints, test: filter.test };
  Object.defineProperty(filter, HINTS, { value: stored, enumerable: false });
  return filter;
}

/** The hints of a filter built by `pattern()` / `where()`, or undefined (functions, other objects). */
export function filterHints(filter: FilterLike): FilterHints | undefined {
  if (typeof filter !== 'object' || filter === null) return undefined;
  const stored = (filter as { [HINTS]?: Stored })[HINTS];
  return stored !== undefined && stored.test === filter.test ? stored.hints : undefined;
}
