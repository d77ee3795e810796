/**
 * What earlier runs left beside a single output file (`fileSink({ path })`), and how a new run takes it
 * over: with `append`, the newest leftover temp file of a run that died (or else a copy of the finished
 * file) becomes this run's temp file, so nothing an earlier run accepted is lost; without it, leftovers are
 * removed, since this run replaces the file.
 */
import { constants } from 'node:fs';
import { copyFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileSinkError } from './errors';
import { DEFAULT_RECOVER_AGE_MS } from './recover';
import { type OwnerState, ownerState, pathLockPath, releaseLock } from './writer-lock';

/** Temp name of the run `instance` for `path`: `.<name>.<instance>.tmp`. */
export function pathTempName(path: string, instance: string): string {
  return join(dirname(path), `.${basename(path)}.${instance}.tmp`);
}

/** Where the run `instance` encodes a Parquet `path` before renaming it: `.<name>.<instance>.encoding`. */
export function pathEncodingName(path: string, instance: string): string {
  return join(dirname(path), `.${basename(path)}.${instance}.encoding`);
}

/** Where a copy of the finished file is made before it becomes a temp file (never adopted half-made). */
function copyName(path: string, instance: string): string {
  return join(dirname(path), `.${basename(path)}.${instance}.copying`);
}

interface Leftover {
  path: string;
  kind: 'tmp' | 'copying' | 'encoding';
  mtimeMs: number;
}

/**
 * Take over the leftovers of `path` for the run `instance`. Returns true when this run's temp file now
 * exists and holds earlier data to continue (only with `append`).
 *
 * @throws FileSinkError when a leftover cannot be listed, moved, copied or removed.
 */
export async function takeOverPath(path: string, instance: string, append: boolean): Promise<boolean> {
  try {
    const leftovers = await deadLeftovers(path, instance);
    const temps = leftovers.filter((l) => l.kind === 'tmp').sort((a, b) => b.mtimeMs - a.mtimeMs);
    const mine = pathTempName(path, instance);
    let adopted = false;
    if (append) {
      const newest = temps.shift();
      if (newest) {
        await rename(newest.path, mine);
        adopted = true;
      } else if (await exists(path)) {
        const copy = copyName(path, instance);
        await copyFile(path, copy, constants.COPYFILE_EXCL);
        await rename(copy, mine);
        adopted = true;
      }
    }
    // The adopted one was moved; the rest are older copies of what this run now holds or replaces.
    for (const l of leftovers) await removeIfThere(l.path);
    return adopted;
  } catch (error) {
    if (FileSinkError.isInstance(error)) throw error;
    throw new FileSinkError(
      'FILE_SINK_FINALIZE',
      path,
      `cannot take over earlier runs' files: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** Temp and copy files of `path` written by other runs that are no longer running (their locks go). */
async function deadLeftovers(path: string, instance: string): Promise<Leftover[]> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const owners = new Map<string, OwnerState>();
  const out: Leftover[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^([0-9a-f]{8})\.(tmp|copying|encoding|lock|lock-new)$/.exec(name.slice(prefix.length));
    if (!match?.[1] || match[1] === instance) continue;
    const owner = match[1];
    if (match[2] === 'lock-new') {
      // a lock being written, or left by a process killed while writing it
      const side = join(dir, name);
      if ((await ownerState(side)) !== 'alive') await releaseLock(side);
      continue;
    }
    let state = owners.get(owner);
    if (state === undefined) {
      state = await ownerState(pathLockPath(path, owner));
      owners.set(owner, state);
    }
    if (state === 'alive' || match[2] === 'lock') continue;
    const full = join(dir, name);
    const info = await stat(full).catch(() => undefined);
    if (!info) continue;
    if (state === 'unknown' && Date.now() - info.mtimeMs < DEFAULT_RECOVER_AGE_MS) continue;
    out.push({ path: full, kind: match[2] as Leftover['kind'], mtimeMs: info.mtimeMs });
  }
  for (const [owner, state] of owners) if (state === 'dead') await releaseLock(pathLockPath(path, owner));
  return out;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function removeIfThere(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
