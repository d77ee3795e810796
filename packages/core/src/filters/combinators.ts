import type { TrailEvent } from '../event/trail-event';
import type { EventFilter, FilterLike, ItemFilter } from './types';

/** Turn an {@link ItemFilter} (an object with `test`, or a function) into a plain predicate. */
export function toPredicate<T = TrailEvent>(filter: ItemFilter<T>): (item: T) => boolean {
  if (typeof filter === 'function') return filter;
  if (filter && typeof filter.test === 'function') return (item) => filter.test(item);
  throw new TypeError('expected a filter: a function or an object with test(item)');
}

/** Passes when every filter passes. */
export function allOf(...filters: FilterLike[]): EventFilter {
  const preds = filters.map(toPredicate);
  return {
    test(event) {
      for (const p of preds) if (!p(event)) return false;
      return true;
    },
  };
}

/** Passes when any filter passes. */
export function anyOf(...filters: FilterLike[]): EventFilter {
  const preds = filters.map(toPredicate);
  return {
    test(event) {
      for (const p of preds) if (p(event)) return true;
      return false;
    },
  };
}

/** Passes when the filter does not. */
export function not(filter: FilterLike): EventFilter {
  const p = toPredicate(filter);
  return { test: (event) => !p(event) };
}
