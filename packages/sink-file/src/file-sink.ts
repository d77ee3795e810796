/** `fileSink()`: NDJSON (optionally gzip) files with rotation, partitioning and atomic finalize. */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding, Sink, TrailEvent, WriteContext } from '@trailkit/core';
import { ocsfMapper } from '@trailkit/ocsf';
import { encodeLines, encodeOcsfLines, encodeText } from './encode';
import { csvHeader, encodeCsvRecords } from './encode-csv';
import { FileSinkError } from './errors';
import { instanceId, rotatingNames, TEMP_SUFFIX } from './file-names';
import { type FileSinkOptions, resolveOptions } from './options';
import { OutputFile } from './output-file';
import { JOURNAL_SUFFIX, type ParquetKind, ParquetOutputFile } from './parquet-file';
import { isFinding } from './parquet-schema';
import { pathEncodingName, pathTempName, takeOverPath } from './path-takeover';
import { recoverTempFiles } from './recover';
import { SafeDirs } from './safe-dirs';
import { acquireLock, dirLockPath, pathLockPath, releaseLock } from './writer-lock';

/** The sink returned by {@link fileSink}. */
export interface FileSink extends Sink<TrailEvent | Finding> {
  /** Final paths of the files finished so far (rotated or closed), in the order they were finished. */
  files(): readonly string[];
}

/** A file being written: NDJSON/CSV directly, Parquet through its journal. */
type OpenFile = OutputFile | ParquetOutputFile;

/**
 * Write events and findings as NDJSON files (one JSON document per line), optionally gzip-compressed, as
 * CSV (`format: 'csv'`), or as Parquet (`format: 'parquet'`).
 *
 * - Files are written as `.<name>.tmp` and renamed to `<name>` when finished (on rotation and on `close`):
 *   a reader that skips dot-files never sees a half-written file.
 * - What a crashed run left is not lost: before its first write (and on `close`), the sink finishes the
 *   temp files of earlier instances whose process is gone (cut back to their last complete line or gzip
 *   member). With `path` and `append`, it continues the earlier run's file instead.
 * - It never writes through a symbolic link inside its output tree.
 * - `write` resolves once every line is handed to the OS through the file descriptor (and synced with
 *   `fsync: true`). With `gzip`, each write is one complete gzip member.
 * - Partition values (account, region, date, ...) come from the items and are sanitised: they can never
 *   leave `dir`.
 * - Parquet (which cannot be appended to): accepted items go to a hidden journal (NDJSON, as durable as the
 *   NDJSON format); on rotation, `flush` and `close` each journal becomes one complete Parquet file, encoded
 *   under a hidden name and then renamed. Events and findings go to separate files (`.findings.parquet`).
 *   Recovery encodes a dead writer's journal and discards its half-encoded file.
 *
 * @example
 * ```ts
 * const sink = fileSink({ dir: 'out', gzip: true, partitionBy: 'account/region/date', rotate: { maxBytes: 64 << 20 } });
 * ```
 * @throws ConfigError (from `@trailkit/core`) when options are invalid.
 */
export function fileSink(options: FileSinkOptions): FileSink {
  const o = resolveOptions(options);
  const ocsf = o.format === 'ocsf' ? ocsfMapper() : undefined;
  const root = resolve(o.target);
  const instance = instanceId();
  /** Where earlier runs' leftovers are (`dir`, or the directory of `path`), and this instance's lock. */
  const lockDir = o.mode === 'path' ? dirname(root) : root;
  const lock = o.mode === 'path' ? pathLockPath(root, instance) : dirLockPath(root, instance);
  const dirs = new SafeDirs(root);
  /** Open files by partition; Map order is least recently used first. */
  const open = new Map<string, OpenFile>();
  /** Path mode with Parquet: the kind the one file holds (set by the first item). */
  let pathKind: ParquetKind | undefined;
  const finished: string[] = [];
  let seq = 0;
  let closed = false;
  let prepared = false;
  /** An error from the background age check, reported by the next call. */
  let pending: unknown;
  let queue: Promise<unknown> = Promise.resolve();

  /** Run operations one at a time, in call order. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

  const throwPending = (): void => {
    if (pending === undefined) return;
    const error = pending;
    pending = undefined;
    throw error;
  };

  const finish = async (key: string, file: OpenFile): Promise<void> => {
    open.delete(key);
    finished.push(await file.finish());
  };

  /** Take the lock, then finish (dir) or take over (path) what earlier runs of this output left. */
  const prepare = async (): Promise<void> => {
    if (prepared) return;
    try {
      await acquireLock(lock);
    } catch (error) {
      throw new FileSinkError('FILE_SINK_IO', lockDir, `cannot create the writer lock: ${String(error)}`, {
        cause: error,
      });
    }
    if (o.mode === 'dir') {
      for (const file of await recoverTempFiles(root)) finished.push(file);
    } else if ((await takeOverPath(root, instance, o.append)) && o.format !== 'parquet') {
      open.set('', await OutputFile.adopt(pathTempName(root, instance), root, o.fsync, o.gzip));
    }
    prepared = true;
  };

  /** The open file for `partition` (a new one after rotation); Parquet findings have files of their own. */
  const fileFor = async (partition: string, incoming: number, kind: ParquetKind): Promise<OpenFile> => {
    const key = kind === 'findings' && o.format === 'parquet' ? `${partition}\u0000findings` : partition;
    const current = open.get(key);
    if (current) {
      const tooBig = current.bytes > 0 && current.bytes + incoming > o.maxBytes;
      const tooOld = Date.now() - current.openedAt >= o.maxAgeMs;
      if (!tooBig && !tooOld) {
        open.delete(key);
        open.set(key, current);
        return current;
      }
      await finish(key, current);
    }
    while (open.size >= o.maxOpenFiles) {
      const [oldestKey, oldest] = open.entries().next().value as [string, OpenFile];
      await finish(oldestKey, oldest);
    }
    let file: OpenFile;
    if (o.mode === 'path') {
      file =
        o.format === 'parquet'
          ? await ParquetOutputFile.open(
              pathTempName(root, instance),
              pathEncodingName(root, instance),
              root,
              kind,
              o.fsync,
            )
          : await OutputFile.open(pathTempName(root, instance), root, o.fsync);
    } else {
      const extension =
        o.format === 'parquet' ? (kind === 'findings' ? 'findings.parquet' : 'parquet') : o.format;
      const names = rotatingNames(safeJoin(root, partition), o.prefix, instance, seq++, o.gzip, extension);
      await dirs.ensure(dirname(names.tempPath)).catch((error: unknown) => {
        throw FileSinkError.isInstance(error)
          ? error
          : new FileSinkError(
              'FILE_SINK_IO',
              names.tempPath,
              `cannot create its directory: ${String(error)}`,
              {
                cause: error,
              },
            );
      });
      file =
        o.format === 'parquet'
          ? await ParquetOutputFile.open(
              `${names.tempPath.slice(0, -TEMP_SUFFIX.length)}${JOURNAL_SUFFIX}`,
              names.tempPath,
              names.finalPath,
              kind,
              o.fsync,
            )
          : await OutputFile.open(names.tempPath, names.finalPath, o.fsync);
    }
    open.set(key, file);
    return file;
  };

  /** Parquet: each kind of a partition has its own file (events and findings have their own columns). */
  const writeParquetGroup = async (key: string, group: readonly (TrailEvent | Finding)[]): Promise<void> => {
    const byKind: Record<ParquetKind, (TrailEvent | Finding)[]> = { events: [], findings: [] };
    for (const item of group) byKind[isFinding(item) ? 'findings' : 'events'].push(item);
    if (o.mode === 'path') {
      // checked before anything is written: a refused write leaves nothing behind
      for (const kind of ['events', 'findings'] as const) {
        if (byKind[kind].length === 0) continue;
        const holds = pathKind ?? (byKind.events.length > 0 ? 'events' : 'findings');
        if (kind !== holds) {
          throw new FileSinkError(
            'FILE_SINK_MIXED_KINDS',
            o.target,
            `a Parquet file holds one kind of item, and this one holds ${holds}: write ${kind} to another sink, or to dir with partitionBy '{kind}'`,
          );
        }
        pathKind = holds;
      }
    }
    for (const kind of ['events', 'findings'] as const) {
      const items = byKind[kind];
      if (items.length === 0) continue;
      const data = await encodeLines(items, false);
      const file = await fileFor(key, data.length, kind);
      await file.append(data);
    }
  };

  const rotateExpired = async (): Promise<void> => {
    const now = Date.now();
    for (const [key, file] of [...open]) {
      if (now - file.openedAt >= o.maxAgeMs) await finish(key, file);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  if (Number.isFinite(o.maxAgeMs)) {
    const every = Math.max(20, Math.min(o.maxAgeMs / 2, 60_000));
    timer = setInterval(() => {
      if (open.size === 0) return;
      serial(rotateExpired).catch((error: unknown) => {
        pending ??= error;
      });
    }, every);
    timer.unref();
  }

  return {
    name: o.mode === 'path' ? `file:${o.target}` : `file:${o.target}/`,

    files: () => [...finished],

    write(items: readonly (TrailEvent | Finding)[], ctx?: WriteContext): Promise<void> {
      if (closed) {
        return Promise.reject(new FileSinkError('FILE_SINK_CLOSED', o.target, 'write after close'));
      }
      return serial(async () => {
        throwPending();
        ctx?.signal?.throwIfAborted();
        if (items.length === 0) return;
        await prepare();
        const groups = new Map<string, (TrailEvent | Finding)[]>();
        for (const item of items) {
          const key = o.partition(item);
          const group = groups.get(key);
          if (group) group.push(item);
          else groups.set(key, [item]);
        }
        for (const [key, group] of groups) {
          if (o.format === 'parquet') {
            await writeParquetGroup(key, group);
            continue;
          }
          if (o.format === 'csv') {
            const records = await encodeText(encodeCsvRecords(group), o.gzip);
            const file = await fileFor(key, records.length, 'events');
            // a new (or empty) file starts with the header, as its own gzip member when compressed
            const data =
              file.bytes === 0
                ? Buffer.concat([
                    await encodeText(csvHeader(group[0] as TrailEvent | Finding), o.gzip),
                    records,
                  ])
                : records;
            await file.append(data);
            continue;
          }
          const data = ocsf ? await encodeOcsfLines(group, ocsf, o.gzip) : await encodeLines(group, o.gzip);
          const file = await fileFor(key, data.length, 'events');
          await file.append(data);
        }
      });
    },

    flush(): Promise<void> {
      return serial(async () => {
        throwPending();
        // Parquet in dir: what was accepted becomes readable now, one complete file per open journal
        // (path mode writes its one file at close: finishing it here would let the next file replace it)
        if (o.format === 'parquet' && o.mode === 'dir') {
          for (const [key, file] of [...open]) await finish(key, file);
        }
      });
    },

    close(): Promise<void> {
      if (closed) return serial(async () => undefined);
      closed = true;
      if (timer) clearInterval(timer);
      return serial(async () => {
        // A run that wrote nothing still finishes what earlier runs left, where there is an output.
        if (!prepared && (await stat(o.mode === 'dir' ? root : lockDir).catch(() => undefined)))
          await prepare();
        let first: unknown;
        for (const [key, file] of [...open]) {
          await finish(key, file).catch((error: unknown) => {
            first ??= error;
          });
        }
        if (first !== undefined) throw first;
        if (prepared) await releaseLock(lock);
        throwPending();
      });
    },
  };
}

/** `root/relativePath`, refusing anything that would resolve outside `root` (defence in depth). */
function safeJoin(root: string, relativePath: string): string {
  const full = resolve(root, relativePath);
  const rel = relative(root, full);
  if (rel !== '' && (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel))) {
    throw new FileSinkError('FILE_SINK_UNSAFE_PATH', full, `partition path escapes ${root}`);
  }
  return full;
}
