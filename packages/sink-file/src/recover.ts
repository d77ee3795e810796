/**
 * Finish temp files left by a sink whose process died: keep every complete line (or gzip member) and rename
 * the file to its final name, so data a crashed run had already accepted is not lost.
 */
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { cutToComplete } from './complete-prefix';
import { FileSinkError } from './errors';
import { encodeJournal, JOURNAL_SUFFIX } from './parquet-file';
import { dirLockPath, type OwnerState, ownerState, releaseLock } from './writer-lock';

/** Options of {@link recoverTempFiles}. */
export interface RecoverOptions {
  /**
   * Temp files whose owner cannot be told (no lock file, or one written on another host) are only touched
   * once not modified for this long (default 10 minutes). Files of a sink that still runs are never
   * touched; files of a sink whose process is gone are recovered at once.
   */
  olderThanMs?: number;
}

/** Temp names written by `fileSink({ dir })`: `.<prefix>-<time>-<instance>-<seq>.(ndjson|csv|ocsf.ndjson)[.gz].tmp`. */
const DIR_TEMP =
  /^\.([A-Za-z0-9_-][A-Za-z0-9._-]*-([0-9a-f]{8})-\d+\.(?:ndjson|csv|ocsf\.ndjson)(\.gz)?)\.tmp$/;

/**
 * Parquet leftovers: a journal `.<name>.rows.tmp` (group 3 set) or a half-encoded `.<name>.tmp`, where
 * `<name>` is `<prefix>-<time>-<instance>-<seq>[.findings].parquet` (see `parquet-file.ts`).
 */
const PARQUET_TEMP =
  /^\.([A-Za-z0-9_-][A-Za-z0-9._-]*-([0-9a-f]{8})-\d+(?:\.(findings))?\.parquet)(\.rows)?\.tmp$/;

/** Lock files of sink instances: `.trailkit-<instance>.lock`, and `…lock-new` while being written. */
const LOCK = /^\.trailkit-([0-9a-f]{8})\.lock(-new)?$/;

/** Default for {@link RecoverOptions.olderThanMs}. */
export const DEFAULT_RECOVER_AGE_MS = 10 * 60_000;

/**
 * Walk `dir` and finish the leftover temp files of `fileSink({ dir })` instances that are no longer
 * running: cut each back to its last complete line (NDJSON) or gzip member (`.gz`) and rename it to its
 * final name; a file with nothing complete in it is deleted. Parquet: a journal's complete lines are
 * encoded to the final `.parquet` file; a half-encoded Parquet temp file is discarded (and re-encoded from
 * its journal). Returns the final paths of the recovered files.
 * `fileSink({ dir })` runs this itself before its first write; call it to recover without writing.
 *
 * @throws FileSinkError when a file cannot be read, cut, renamed, or is a symbolic link.
 */
export async function recoverTempFiles(dir: string, options: RecoverOptions = {}): Promise<string[]> {
  const olderThanMs = options.olderThanMs ?? DEFAULT_RECOVER_AGE_MS;
  let entries: Awaited<ReturnType<typeof listTree>>;
  try {
    entries = await listTree(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new FileSinkError('FILE_SINK_IO', dir, `cannot list: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const owners = new Map<string, OwnerState>();
  const recovered: string[] = [];
  for (const entry of entries) {
    const parquet = entry.isFile() ? PARQUET_TEMP.exec(entry.name) : null;
    const match = parquet ?? (entry.isFile() ? DIR_TEMP.exec(entry.name) : null);
    if (!match?.[1] || !match[2]) continue;
    const instance = match[2];
    let state = owners.get(instance);
    if (state === undefined) {
      state = await ownerState(dirLockPath(dir, instance));
      owners.set(instance, state);
    }
    if (state === 'alive') continue;
    const tempPath = join(entry.parentPath, entry.name);
    if (state === 'unknown' && !(await olderThan(tempPath, olderThanMs))) continue;
    const finalPath = join(entry.parentPath, match[1]);
    if (parquet) {
      // a journal is encoded (replacing a half-encoded file); a half-encoded file alone is discarded
      const encodingPath = join(entry.parentPath, `.${match[1]}.tmp`);
      if (parquet[4] === undefined) {
        if (!(await exists(join(entry.parentPath, `.${match[1]}${JOURNAL_SUFFIX}`))))
          await unlink(tempPath).catch(() => undefined);
        continue;
      }
      const kind = parquet[3] === 'findings' ? 'findings' : 'events';
      const final = await encodeJournal(tempPath, encodingPath, finalPath, kind, false);
      if (final !== undefined) recovered.push(final);
      continue;
    }
    const final = await finishLeftover(tempPath, finalPath, match[3] !== undefined);
    if (final !== undefined) recovered.push(final);
  }
  // Locks of dead writers go too, also of those that died before creating any file, or while taking it.
  for (const entry of entries) {
    const lock = entry.isFile() && entry.parentPath === dir ? LOCK.exec(entry.name) : null;
    if (!lock?.[1]) continue;
    if (lock[2] !== undefined) {
      const side = join(dir, entry.name);
      if ((await ownerState(side)) !== 'alive') await releaseLock(side);
    } else if (!owners.has(lock[1])) {
      owners.set(lock[1], await ownerState(dirLockPath(dir, lock[1])));
    }
  }
  for (const [instance, state] of owners) if (state === 'dead') await releaseLock(dirLockPath(dir, instance));
  return recovered;
}

/**
 * Cut a leftover temp file to its complete prefix and rename it to `finalPath`; delete it when nothing in it
 * is complete. Returns `finalPath`, or `undefined` when the file was deleted.
 */
export async function finishLeftover(
  tempPath: string,
  finalPath: string,
  gzip: boolean,
): Promise<string | undefined> {
  try {
    const keep = await cutToComplete(tempPath, gzip);
    if (keep === 0) {
      await unlink(tempPath);
      return undefined;
    }
    await rename(tempPath, finalPath);
    return finalPath;
  } catch (error) {
    throw FileSinkError.isInstance(error)
      ? error
      : new FileSinkError('FILE_SINK_FINALIZE', tempPath, `cannot recover: ${(error as Error).message}`, {
          cause: error,
        });
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs >= ms;
}

function listTree(dir: string) {
  return readdir(dir, { withFileTypes: true, recursive: true });
}
