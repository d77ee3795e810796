import type { Position } from '../../contracts';
import { SourceError } from '../../errors';

/**
 * Where a files run stands, bounded whatever the tree size: files are read in sorted path order, so the
 * finished files are exactly those sorting at or before `after` (a watermark), and `partial` says how far
 * into the file being read (records consumed) the last batch reached. Resuming skips every file up to
 * `after` and the first `records` events of `partial.file`.
 */
export interface FilesPosition {
  v: 2;
  /** The last finished file, in sorted order (absent before the first one finished). */
  after?: string;
  partial?: { file: string; records: number };
}

/** The position format of earlier versions: the list of every finished file. Still read. */
interface FilesPositionV1 {
  v: 1;
  done: string[];
  partial?: { file: string; records: number };
}

/** A saved position, read: which files are finished, and where to continue inside one. */
export interface Resume {
  /** Whether `file` was finished by the run that saved the position. */
  isDone(file: string): boolean;
  partial?: { file: string; records: number };
}

/** Read a position saved by an earlier run; throws `SourceError` `SOURCE_BAD_POSITION` for anything else. */
export function readPosition(from: Position | undefined, name: string): Resume | undefined {
  if (from === undefined || from === null) return undefined;
  const p = from as Partial<FilesPosition> & Partial<FilesPositionV1>;
  const partialOk =
    p.partial === undefined ||
    (typeof p.partial === 'object' &&
      p.partial !== null &&
      typeof p.partial.file === 'string' &&
      Number.isInteger(p.partial.records) &&
      p.partial.records >= 0);
  if (
    typeof p === 'object' &&
    partialOk &&
    p.v === 2 &&
    (p.after === undefined || typeof p.after === 'string')
  ) {
    const after = p.after;
    return { isDone: (file) => after !== undefined && file <= after, partial: p.partial };
  }
  if (
    typeof p === 'object' &&
    partialOk &&
    p.v === 1 &&
    Array.isArray(p.done) &&
    p.done.every((f) => typeof f === 'string')
  ) {
    const done = new Set(p.done);
    return { isDone: (file) => done.has(file), partial: p.partial };
  }
  throw new SourceError(
    'SOURCE_BAD_POSITION',
    name,
    undefined,
    'cannot resume: the saved position is not a files position ({"v":2,"after":"<path>"})',
  );
}

/** A position with no `undefined` members (it is saved as JSON). */
export function position(after: string | undefined, partial?: FilesPosition['partial']): FilesPosition {
  const p: FilesPosition = { v: 2 };
  if (after !== undefined) p.after = after;
  if (partial !== undefined) p.partial = partial;
  return p;
}

/** The last listed file that the resumed position counts as finished (the first ones, in sorted order). */
export function lastDone(listed: readonly string[], resume: Resume): string | undefined {
  let last: string | undefined;
  for (const file of listed) if (resume.isDone(file)) last = file;
  return last;
}
