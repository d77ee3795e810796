import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { CheckpointStore, Position } from '../contracts';
import { CheckpointError } from '../errors';

/** Options of {@link fileCheckpoint}. */
export interface FileCheckpointOptions {
  /** fsync the file and its directory on every save (default true). Turn off only for tests. */
  fsync?: boolean;
}

/** What the checkpoint file holds. */
interface CheckpointFile {
  version: 1;
  positions: Record<string, Position>;
}

/**
 * A {@link CheckpointStore} in one JSON file (`{ "version": 1, "positions": { key: position } }`).
 *
 * Every save is atomic: the whole map is written to a temporary file beside the target, fsynced, renamed
 * over the target, and the directory is fsynced. A crash leaves either the old or the new file, never a
 * torn one. Saves are serialized within one store; do not share one file between processes.
 *
 * @throws {@link CheckpointError} when the file cannot be read, is not a checkpoint file, or cannot be written.
 */
export function fileCheckpoint(path: string, options: FileCheckpointOptions = {}): CheckpointStore {
  const target = resolve(path);
  const fsync = options.fsync ?? true;
  let state: Promise<Map<string, Position>> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const loaded = (): Promise<Map<string, Position>> => {
    state ??= readCheckpointFile(target);
    return state;
  };

  return {
    async load(key) {
      const positions = await loaded();
      const position = positions.get(key);
      return position === undefined ? undefined : (structuredClone(position) as Position);
    },
    save(key, position) {
      let text: string | undefined;
      try {
        text = JSON.stringify(position);
      } catch (error) {
        return Promise.reject(
          new CheckpointError(`${target}: position for ${JSON.stringify(key)} is not JSON`, { cause: error }),
        );
      }
      if (text === undefined) {
        return Promise.reject(
          new CheckpointError(`${target}: position for ${JSON.stringify(key)} is not JSON`),
        );
      }
      const json = text;
      const run = async () => {
        const positions = await loaded();
        const next = new Map(positions);
        next.set(key, JSON.parse(json) as Position);
        const body: CheckpointFile = { version: 1, positions: Object.fromEntries(next) };
        await writeAtomic(target, `${JSON.stringify(body)}\n`, fsync);
        state = Promise.resolve(next);
      };
      const result = queue.then(run, run);
      queue = result.catch(() => {});
      return result;
    },
  };
}

async function readCheckpointFile(target: string): Promise<Map<string, Position>> {
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new CheckpointError(`${target}: cannot read checkpoint file: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file's content, and the path may point at a secret.
    throw new CheckpointError(`${target}: not a trailkit checkpoint file (not valid JSON)`);
  }
  const file = body as Partial<CheckpointFile> | null;
  if (
    typeof file !== 'object' ||
    file === null ||
    file.version !== 1 ||
    typeof file.positions !== 'object' ||
    file.positions === null ||
    Array.isArray(file.positions)
  ) {
    throw new CheckpointError(
      `${target}: not a trailkit checkpoint file (expected {"version":1,"positions":{...}})`,
    );
  }
  return new Map(Object.entries(file.positions));
}

async function writeAtomic(target: string, text: string, fsync: boolean): Promise<void> {
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    if (fsync) await syncDirectory(dir);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw new CheckpointError(`${target}: cannot save checkpoint: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on every platform (Windows); durability there relies on rename.
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle?.close();
  }
}
