/**
 * Finish temp files left by a process that crashed: keep every complete line (or gzip member) and rename
 * the file to its final name, so data a crashed run had already accepted is not lost.
 */
import { readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FileSinkError } from './errors';

/** Options of {@link recoverTempFiles}. */
export interface RecoverOptions {
  /**
   * Only touch temp files not modified for this long (default 10 minutes), so files that a live sink (in
   * this or another process) is still writing are left alone. Set it above your `rotate.maxAgeMs`.
   */
  olderThanMs?: number;
}

/** Temp names written by `fileSink({ dir })`: `.<name>.ndjson[.gz].tmp`. */
const TEMP = /^\.([A-Za-z0-9_-][A-Za-z0-9._-]*\.ndjson(?:\.gz)?)\.tmp$/;

/**
 * Walk `dir` and finish the sink's leftover temp files: cut each back to its last complete line (NDJSON) or
 * gzip member (`.gz`) and rename it to its final name; a file with nothing complete in it is deleted.
 * Returns the final paths of the recovered files.
 *
 * @throws FileSinkError when a file cannot be read, rewritten or renamed.
 */
export async function recoverTempFiles(dir: string, options: RecoverOptions = {}): Promise<string[]> {
  const olderThanMs = options.olderThanMs ?? 10 * 60_000;
  const recovered: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    const match = entry.isFile() ? TEMP.exec(entry.name) : null;
    if (!match?.[1]) continue;
    const parent = entry.parentPath;
    const tempPath = join(parent, entry.name);
    const finalPath = join(parent, match[1]);
    try {
      const info = await stat(tempPath);
      if (Date.now() - info.mtimeMs < olderThanMs) continue;
      const data = await readFile(tempPath);
      const keep = match[1].endsWith('.gz') ? completeGzipPrefix(data) : completeLinesPrefix(data);
      if (keep === 0) {
        await unlink(tempPath);
        continue;
      }
      if (keep < data.length) await writeFile(tempPath, data.subarray(0, keep));
      await rename(tempPath, finalPath);
      recovered.push(finalPath);
    } catch (error) {
      throw new FileSinkError('FILE_SINK_FINALIZE', tempPath, `cannot recover: ${String(error)}`, {
        cause: error,
      });
    }
  }
  return recovered;
}

/** Length of the longest prefix that ends with a newline. */
function completeLinesPrefix(data: Buffer): number {
  return data.lastIndexOf(0x0a) + 1;
}

/** Length of the longest prefix made of complete gzip members (each write of the sink is one member). */
function completeGzipPrefix(data: Buffer): number {
  const starts: number[] = [];
  for (let i = data.indexOf(0x1f); i !== -1; i = data.indexOf(0x1f, i + 1)) {
    if (data[i + 1] === 0x8b && data[i + 2] === 0x08) starts.push(i);
  }
  const cuts = [data.length, ...starts.reverse()];
  for (const cut of cuts) {
    if (cut === 0) break;
    try {
      const text = gunzipSync(data.subarray(0, cut));
      if (text.length === 0 || text[text.length - 1] === 0x0a) return cut;
    } catch {
      // not a complete set of members: try a shorter prefix
    }
  }
  return 0;
}
