import type { TrailEvent } from '../event/trail-event';

/** Anything that can decide whether an event passes: `pattern()`, `where()`, or your own object. */
export interface EventFilter {
  test(event: TrailEvent): boolean;
}

/**
 * A filter for the items at a stage: an object with `test`, or a plain predicate function. The one idea
 * behind `pipeline().filter()` (any item type) and the event filters (`FilterLike`).
 */
export type ItemFilter<T> = { test(item: T): boolean } | ((item: T) => boolean);

/** A filter of events: {@link ItemFilter} of `TrailEvent` (`pattern()`, `where()`, or your own). */
export type FilterLike = ItemFilter<TrailEvent>;
