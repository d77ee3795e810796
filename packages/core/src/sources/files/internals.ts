import type { Source } from '../../contracts';
import type { ResolvedFilesOptions } from './options';
import type { Selection } from './selection';

/** What pipeline workers need of a files source: its options and selection (internal, not exported). */
export interface FilesSourceInternals {
  options: ResolvedFilesOptions;
  selection: Selection;
}

const INTERNALS = Symbol('trailkit.filesSource');

/** Mark a source built by `filesSource()`. */
export function setFilesInternals(source: Source, internals: FilesSourceInternals): Source {
  Object.defineProperty(source, INTERNALS, { value: internals, enumerable: false });
  return source;
}

/** The internals of a source built by `filesSource()` (not a wrapper around one), or undefined. */
export function filesInternals(source: Source): FilesSourceInternals | undefined {
  return (source as { [INTERNALS]?: FilesSourceInternals })[INTERNALS];
}
