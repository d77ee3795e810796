/** Options of `fileSink()` and their validation. */
import { ConfigError } from '@trailkit/core';
import { compilePartition, type Partitioner } from './partition';

/** When to close the current file and start a new one. */
export interface RotateOptions {
  /** Start a new file before one would grow past this many bytes (as written, i.e. compressed with gzip). */
  maxBytes?: number;
  /** Start a new file once the current one has been open this long (checked on writes and by a timer). */
  maxAgeMs?: number;
}

/** Options shared by both output modes. */
interface CommonOptions {
  /** Gzip the output (`.ndjson.gz`). Each `write` appends one complete gzip member. Default `false`. */
  gzip?: boolean;
  /** `fsync` each write and each file before it is renamed (slower; survives power loss). Default `false`. */
  fsync?: boolean;
  /** `'ndjson'` (default): one JSON document per line. `'csv'`: RFC 4180 CSV, flattened columns, a header per file. */
  format?: 'ndjson' | 'csv';
}

/** Write rotating, optionally partitioned files under a directory. */
export interface FileSinkDirOptions extends CommonOptions {
  /** Output directory (created if missing). */
  dir: string;
  path?: undefined;
  /**
   * `'none'` (default): files directly in `dir`. `'account/region/date'`: `{account}/{region}/{yyyy}/{mm}/{dd}`.
   * Or a template using `{account}`, `{region}`, `{yyyy}`, `{mm}`, `{dd}`, `{hh}`, `{source}` (eventSource),
   * `{kind}` (`events` or `findings`).
   */
  partitionBy?: 'none' | 'account/region/date' | (string & {});
  /** Rotation by size and/or age. Default: no rotation (one file per partition until `close`). */
  rotate?: RotateOptions;
  /** File name prefix (default `trailkit`): `<prefix>-<time>-<random>-<seq>.ndjson[.gz]`. */
  prefix?: string;
  /** Open files kept at once (one per partition); the least recently used is finalised past it. Default 32. */
  maxOpenFiles?: number;
}

/** Write exactly one file, which appears at `path` when the sink is closed. */
export interface FileSinkPathOptions extends CommonOptions {
  /** The output file. Written as a temp file beside it and renamed on `close` (replacing any old file). */
  path: string;
  dir?: undefined;
  /**
   * Keep what the file already holds, and what an earlier run of a sink on this path left when its process
   * died, and add this run's lines after it. Use it when resuming from a checkpoint, so a resumed run does
   * not replace what earlier runs wrote. Default `false`: the file is replaced on `close`.
   */
  append?: boolean;
}

/** Options of `fileSink()`: either `dir` (rotating, partitioned files) or `path` (one file). */
export type FileSinkOptions = FileSinkDirOptions | FileSinkPathOptions;

/** Validated options with defaults applied. */
export interface ResolvedOptions {
  mode: 'dir' | 'path';
  /** The directory (dir mode) or the file (path mode). */
  target: string;
  gzip: boolean;
  fsync: boolean;
  format: 'ndjson' | 'csv';
  /** Path mode: continue the existing file instead of replacing it. */
  append: boolean;
  partition: Partitioner;
  maxBytes: number;
  maxAgeMs: number;
  prefix: string;
  maxOpenFiles: number;
}

const fail = (detail: string): never => {
  throw new ConfigError('fileSink', detail);
};

function positive(name: string, value: unknown): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    return fail(`${name} must be a positive number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validate `fileSink()` options; throws core's `ConfigError` with a message naming the bad option. */
export function resolveOptions(options: FileSinkOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) return fail('options must be an object');
  const { dir, path } = options as { dir?: unknown; path?: unknown };
  if (dir !== undefined && path !== undefined) return fail('give either dir or path, not both');
  if (dir === undefined && path === undefined) return fail('dir or path is required');
  const target = dir ?? path;
  if (typeof target !== 'string' || target.trim() === '') {
    return fail(`${dir !== undefined ? 'dir' : 'path'} must be a non-empty string`);
  }
  for (const flag of ['gzip', 'fsync', 'append'] as const) {
    const value = (options as unknown as Record<string, unknown>)[flag];
    if (value !== undefined && typeof value !== 'boolean') {
      fail(`${flag} must be a boolean, got ${JSON.stringify(value)}`);
    }
  }
  if (dir !== undefined && (options as { append?: unknown }).append !== undefined) {
    fail('append needs path, not dir (dir never replaces files)');
  }
  const gzip = options.gzip ?? false;
  const fsync = options.fsync ?? false;
  const format = options.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv')
    fail(`format must be 'ndjson' or 'csv', got ${JSON.stringify(format)}`);
  if (path !== undefined) {
    const extra = ['partitionBy', 'rotate', 'prefix', 'maxOpenFiles'].filter(
      (k) => (options as unknown as Record<string, unknown>)[k] !== undefined,
    );
    if (extra.length > 0) fail(`${extra.join(', ')} need dir, not path (path writes exactly one file)`);
    return {
      mode: 'path',
      target,
      gzip,
      fsync,
      format,
      append: (options as FileSinkPathOptions).append ?? false,
      partition: () => '',
      maxBytes: Number.POSITIVE_INFINITY,
      maxAgeMs: Number.POSITIVE_INFINITY,
      prefix: '',
      maxOpenFiles: 1,
    };
  }
  const o = options as FileSinkDirOptions;
  if (o.partitionBy !== undefined && typeof o.partitionBy !== 'string') fail('partitionBy must be a string');
  if (o.rotate !== undefined && (typeof o.rotate !== 'object' || o.rotate === null)) {
    fail('rotate must be an object like { maxBytes, maxAgeMs }');
  }
  const prefix = o.prefix ?? 'trailkit';
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/.test(prefix)) {
    fail(
      `prefix must be 1-64 characters of A-Z a-z 0-9 . _ - (not starting with "."), got ${JSON.stringify(prefix)}`,
    );
  }
  const maxOpenFiles = o.maxOpenFiles ?? 32;
  if (!Number.isInteger(maxOpenFiles) || maxOpenFiles < 1) {
    fail(`maxOpenFiles must be a positive integer, got ${JSON.stringify(maxOpenFiles)}`);
  }
  return {
    mode: 'dir',
    target,
    gzip,
    fsync,
    format,
    append: false,
    partition: compilePartition(o.partitionBy ?? 'none'),
    maxBytes: positive('rotate.maxBytes', o.rotate?.maxBytes),
    maxAgeMs: positive('rotate.maxAgeMs', o.rotate?.maxAgeMs),
    prefix,
    maxOpenFiles,
  };
}
