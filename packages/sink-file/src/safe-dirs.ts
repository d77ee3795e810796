/** Directories the sink creates or enters, checked so that it never writes through a symbolic link. */
import { lstat, mkdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { FileSinkError } from './errors';

/**
 * Creates the directories under `root` that files go into, one level at a time, and refuses any level that
 * is a symbolic link (or not a directory): a link planted inside the output tree cannot redirect writes
 * outside it. `root` itself is the user's choice and may be a link. Checked directories are remembered.
 */
export class SafeDirs {
  readonly #root: string;
  readonly #checked = new Set<string>();

  constructor(root: string) {
    this.#root = root;
  }

  /** Make sure `dir` (inside the root) exists and no level below the root is a symbolic link. */
  async ensure(dir: string): Promise<void> {
    if (this.#checked.has(dir)) return;
    await mkdir(this.#root, { recursive: true });
    let current = this.#root;
    for (const part of relative(this.#root, dir).split(sep)) {
      if (part === '') continue;
      current = join(current, part);
      if (this.#checked.has(current)) continue;
      await mkdir(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      const info = await lstat(current);
      if (info.isSymbolicLink() || !info.isDirectory()) {
        throw new FileSinkError(
          'FILE_SINK_UNSAFE_PATH',
          current,
          `${info.isSymbolicLink() ? 'is a symbolic link' : 'is not a directory'} inside the output tree: refusing to write through it`,
        );
      }
      this.#checked.add(current);
    }
    this.#checked.add(dir);
  }
}
