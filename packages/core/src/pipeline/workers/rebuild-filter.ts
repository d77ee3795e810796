import { allOf, anyOf, not } from '../../filters/combinators';
import type { FilterSpec } from '../../filters/filter-spec';
import { pattern } from '../../filters/pattern';
import type { EventFilter } from '../../filters/types';
import { where } from '../../filters/where';

/** Build a filter again from its spec (in a pipeline worker). */
export function rebuildFilter(spec: FilterSpec): EventFilter {
  switch (spec.kind) {
    case 'pattern':
      return pattern(spec.text, spec.limits);
    case 'where':
      return where(spec.criteria);
    case 'all':
      return allOf(...spec.of.map(rebuildFilter));
    case 'any':
      return anyOf(...spec.of.map(rebuildFilter));
    case 'not':
      return not(rebuildFilter(spec.of));
  }
}
