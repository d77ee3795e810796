import type { Position } from '../../contracts';
import { SourceError } from '../../errors';

/**
 * Where a files run stands: the files finished, and how far into the current file (records consumed) the
 * last batch reached. Resuming skips the finished files and the first `records` events of `partial.file`.
 */
export interface FilesPosition {
  v: 1;
  done: string[];
  partial?: { file: string; records: number };
}

/** Read a position saved by an earlier run; throws `SourceError` `SOURCE_BAD_POSITION` for anything else. */
export function readPosition(from: Position | undefined, name: string): FilesPosition | undefined {
  if (from === undefined || from === null) return undefined;
  const p = from as Partial<FilesPosition>;
  const ok =
    typeof p === 'object' &&
    p.v === 1 &&
    Array.isArray(p.done) &&
    p.done.every((f) => typeof f === 'string') &&
    (p.partial === undefined ||
      (typeof p.partial === 'object' &&
        p.partial !== null &&
        typeof p.partial.file === 'string' &&
        Number.isInteger(p.partial.records) &&
        p.partial.records >= 0));
  if (!ok) {
    throw new SourceError(
      'SOURCE_BAD_POSITION',
      name,
      undefined,
      `cannot resume from ${JSON.stringify(from).slice(0, 200)}: not a files position ({"v":1,"done":[...]})`,
    );
  }
  return p as FilesPosition;
}
