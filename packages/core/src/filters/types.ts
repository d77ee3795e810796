import type { TrailEvent } from '../event/trail-event';

/** Anything that can decide whether an event passes: `pattern()`, `where()`, or your own object. */
export interface EventFilter {
  test(event: TrailEvent): boolean;
}

/** A filter given as an object with `test`, or as a plain predicate function. */
export type FilterLike = EventFilter | ((event: TrailEvent) => boolean);
