/** Options of `fileSink()` and their validation. */
import { ConfigError } from '@trailkit/core';
import { type OptionsSchema, validateOptions } from '@trailkit/core/plugin';
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
  /**
   * `'ndjson'` (default): one JSON document per line. `'csv'`: RFC 4180 CSV, flattened columns, a header per
   * file. `'ocsf'`: one OCSF 1.5.0 record per line (`@trailkit/ocsf`: events as API Activity, findings as
   * Detection Finding), files named `.ocsf.ndjson`. `'parquet'`: Parquet files (typed columns; see the
   * README), each complete when it appears.
   */
  format?: 'ndjson' | 'csv' | 'ocsf' | 'parquet';
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
  format: 'ndjson' | 'csv' | 'ocsf' | 'parquet';
  /** Path mode: continue the existing file instead of replacing it. */
  append: boolean;
  partition: Partitioner;
  maxBytes: number;
  maxAgeMs: number;
  prefix: string;
  maxOpenFiles: number;
}

const COMPONENT = 'fileSink';

const fail = (detail: string): never => {
  throw new ConfigError(COMPONENT, detail);
};

/** The schema of {@link FileSinkOptions}: validation, defaults and the README's option table. */
export const FILE_SINK_OPTIONS = {
  properties: {
    dir: {
      type: 'string',
      pattern: '\\S',
      description: 'output directory, created if missing (one of `dir`/`path` is required)',
    },
    path: {
      type: 'string',
      pattern: '\\S',
      description:
        'write exactly one file; it appears at `path` on `close()` (replacing an older one, unless `append`)',
    },
    append: {
      type: 'boolean',
      default: false,
      description:
        "`path` mode: keep what the file holds (and what a crashed earlier run on the same path left) and add this run's lines after it; use it when resuming from a checkpoint",
    },
    gzip: {
      type: 'boolean',
      default: false,
      description: 'gzip output (`.ndjson.gz`); each `write` appends one complete gzip member',
    },
    format: {
      enum: ['ndjson', 'csv', 'ocsf', 'parquet'],
      default: 'ndjson',
      description:
        '`ndjson`: one JSON document per line; `csv`: RFC 4180 CSV with flattened columns and a header per file (`.csv[.gz]` names); `ocsf`: one OCSF 1.5.0 record per line, events as API Activity and findings as Detection Finding (`@trailkit/ocsf`; `.ocsf.ndjson[.gz]` names); `parquet`: one Parquet file per partition per roll (`.parquet`, or `.findings.parquet` for findings), complete when it appears; not with `gzip` (Parquet compresses its pages) nor `append`',
    },
    partitionBy: {
      type: 'string',
      default: 'none',
      typeLabel: "'none' | 'account/region/date' | template",
      description:
        'sub-directories per item; template fields: `{account}` (`recipientAccountId`, else `userIdentity.accountId`), `{region}`, `{yyyy}`, `{mm}`, `{dd}`, `{hh}` (from `eventTime`), `{source}` (`eventSource`), `{kind}` (`events` or `findings`)',
    },
    rotate: {
      type: 'object',
      additionalProperties: false,
      description: 'rotation by size and/or age; default: one file per partition until `close`',
      properties: {
        maxBytes: {
          type: 'number',
          exclusiveMinimum: 0,
          description:
            'start a new file before one would grow past this many bytes (as written: compressed with `gzip`); default: no limit',
        },
        maxAgeMs: {
          type: 'number',
          exclusiveMinimum: 0,
          description:
            'finish a file once it has been open this long (checked on every write and by a background timer); default: no limit',
        },
      },
    },
    prefix: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$',
      default: 'trailkit',
      description:
        'file name prefix (1-64 of `A-Z a-z 0-9 . _ -`, not starting with `.`): `<prefix>-<yyyyMMddTHHmmssSSSZ>-<random>-<seq>.ndjson[.gz]`',
    },
    maxOpenFiles: {
      type: 'integer',
      minimum: 1,
      default: 32,
      description: 'open files (one per partition) kept at once; the least recently used is finished past it',
    },
    fsync: {
      type: 'boolean',
      default: false,
      description:
        '`fdatasync` after each write and `fsync` before each rename (survives power loss, slower)',
    },
  },
  exclusive: [['dir', 'path']],
} satisfies OptionsSchema;

/** What `validateOptions` returns: both modes' options, with the defaults filled in. */
interface ValidatedOptions {
  dir?: string;
  path?: string;
  append: boolean;
  gzip: boolean;
  format: 'ndjson' | 'csv' | 'ocsf' | 'parquet';
  partitionBy: string;
  rotate?: RotateOptions;
  prefix: string;
  maxOpenFiles: number;
  fsync: boolean;
}

const DIR_ONLY = ['partitionBy', 'rotate', 'prefix', 'maxOpenFiles'] as const;

/** Validate `fileSink()` options; throws core's `ConfigError` with a message naming the bad option. */
export function resolveOptions(options: FileSinkOptions): ResolvedOptions {
  const given = (typeof options === 'object' && options !== null ? options : {}) as Record<string, unknown>;
  const o = validateOptions<ValidatedOptions>(COMPONENT, FILE_SINK_OPTIONS, options);
  if (o.dir === undefined && o.path === undefined) return fail('dir or path is required');
  if (o.format === 'parquet' && o.gzip) {
    fail('gzip does not apply to format parquet (Parquet compresses its pages itself)');
  }
  if (o.format === 'parquet' && o.append) {
    fail(
      'append is not possible with format parquet (a Parquet file cannot be appended to): write to dir, which adds new files',
    );
  }
  if (o.path !== undefined) {
    const extra = DIR_ONLY.filter((k) => given[k] !== undefined);
    if (extra.length > 0) fail(`${extra.join(', ')} need dir, not path (path writes exactly one file)`);
    return {
      mode: 'path',
      target: o.path,
      gzip: o.gzip,
      fsync: o.fsync,
      format: o.format,
      append: o.append,
      partition: () => '',
      maxBytes: Number.POSITIVE_INFINITY,
      maxAgeMs: Number.POSITIVE_INFINITY,
      prefix: '',
      maxOpenFiles: 1,
    };
  }
  if (given.append !== undefined) fail('append needs path, not dir (dir never replaces files)');
  return {
    mode: 'dir',
    target: o.dir as string,
    gzip: o.gzip,
    fsync: o.fsync,
    format: o.format,
    append: false,
    partition: compilePartition(o.partitionBy),
    maxBytes: o.rotate?.maxBytes ?? Number.POSITIVE_INFINITY,
    maxAgeMs: o.rotate?.maxAgeMs ?? Number.POSITIVE_INFINITY,
    prefix: o.prefix,
    maxOpenFiles: o.maxOpenFiles,
  };
}
