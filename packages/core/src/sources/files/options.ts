import { ConfigError } from '../../errors';

/** Options of {@link filesSource}. */
export interface FilesSourceOptions {
  /** Files, directories (read recursively) and glob patterns. Required. */
  paths: string | readonly string[];
  /** Only these 12-digit account ids: by the `AWSLogs/<account>/` folder, or `recipientAccountId` outside that layout. */
  accounts?: readonly string[];
  /** Only these regions: by the `CloudTrail/<region>/` folder, or `awsRegion` outside that layout. */
  regions?: readonly string[];
  /** Only events at or after this time (`Date`, ISO-8601 string or ms). Date folders before it are not read. */
  since?: Date | string | number;
  /** Only events before this time. Date folders starting after it (plus an hour of delivery delay) are not read. */
  until?: Date | string | number;
  /** Files read at the same time (default 4). Events are still yielded in file order. */
  concurrency?: number;
  /** Events per batch (default: the run's `batchSize`, else 500). */
  batchSize?: number;
  /** Source name, also the default checkpoint key (default `files`). */
  name?: string;
}

/** {@link FilesSourceOptions} after validation. */
export interface ResolvedFilesOptions {
  paths: string[];
  accounts: Set<string> | undefined;
  regions: Set<string> | undefined;
  since: number | undefined;
  until: number | undefined;
  concurrency: number;
  batchSize: number | undefined;
  name: string;
}

const COMPONENT = 'filesSource';

/** Check options; throws `ConfigError` naming the bad one. */
export function resolveFilesOptions(options: FilesSourceOptions): ResolvedFilesOptions {
  if (typeof options !== 'object' || options === null)
    throw new ConfigError(COMPONENT, 'options must be an object');
  const raw = options.paths;
  const paths = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? [...raw] : undefined;
  if (!paths || paths.length === 0) {
    throw new ConfigError(COMPONENT, 'paths is required: a file, directory or glob, or an array of them');
  }
  paths.forEach((p, i) => {
    if (typeof p !== 'string' || p.trim() === '') {
      throw new ConfigError(COMPONENT, `paths[${i}] must be a non-empty string`);
    }
  });
  const accounts = stringSet(
    'accounts',
    options.accounts,
    (a) => /^\d{12}$/.test(a),
    'a 12-digit account id',
  );
  const regions = stringSet(
    'regions',
    options.regions,
    (r) => /^[a-z]{2}(-[a-z0-9]+)+$/.test(r),
    'a region such as us-east-1',
  );
  const since = time('since', options.since);
  const until = time('until', options.until);
  if (since !== undefined && until !== undefined && since >= until) {
    throw new ConfigError(COMPONENT, 'since must be before until');
  }
  const concurrency = positiveInt('concurrency', options.concurrency) ?? 4;
  const batchSize = positiveInt('batchSize', options.batchSize);
  const name = options.name ?? 'files';
  if (typeof name !== 'string' || name === '')
    throw new ConfigError(COMPONENT, 'name must be a non-empty string');
  return { paths, accounts, regions, since, until, concurrency, batchSize, name };
}

function stringSet(
  name: string,
  value: readonly string[] | undefined,
  valid: (s: string) => boolean,
  what: string,
): Set<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError(COMPONENT, `${name} must be a non-empty array when given`);
  }
  for (const item of value) {
    if (typeof item !== 'string' || !valid(item)) {
      throw new ConfigError(COMPONENT, `${name}: ${JSON.stringify(item)} is not ${what}`);
    }
  }
  return new Set(value);
}

function time(name: string, value: Date | string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'string'
        ? Date.parse(value)
        : typeof value === 'number'
          ? value
          : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ConfigError(
      COMPONENT,
      `${name} must be a Date, an ISO-8601 string or milliseconds (got ${JSON.stringify(value)})`,
    );
  }
  return ms;
}

function positiveInt(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(COMPONENT, `${name} must be an integer >= 1 (got ${JSON.stringify(value)})`);
  }
  return value;
}
