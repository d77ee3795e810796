import type { TrailEvent } from '../event/trail-event';
import { filterSpec, filterSpecs, setFilterSpec } from './filter-spec';
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
  const filter: EventFilter = {
    test(event) {
      for (const p of preds) if (!p(event)) return false;
      return true;
    },
  };
  const specs = filterSpecs(filters);
  return specs ? setFilterSpec(filter, { kind: 'all', of: specs }) : filter;
}

/** Passes when any filter passes. */
export function anyOf(...filters: FilterLike[]): EventFilter {
  const preds = filters.map(toPredicate);
  const filter: EventFilter = {
    test(event) {
      for (const p of preds) if (p(event)) return true;
      return false;
    },
  };
  const specs = filterSpecs(filters);
  return specs ? setFilterSpec(filter, { kind: 'any', of: specs }) : filter;
}

/** Passes when the filter does not. */
export function not(filter: FilterLike): EventFilter {
  const p = toPredicate(filter);
  const negated: EventFilter = { test: (event) => !p(event) };
  const spec = filterSpec(filter);
  return spec ? setFilterSpec(negated, { kind: 'not', of: spec }) : negated;
}
