/** Parsing and checking of `trailkit scan` option values. */
import { SEVERITIES, type Severity } from '@trailkit/core';
import { UsageError } from './errors';

/** Output formats of `trailkit scan` (`parquet` is for `--out` only: the terminal then shows the table). */
export const FORMATS = ['table', 'ndjson', 'json', 'csv', 'ocsf', 'parquet'] as const;
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since`/`--until`: an ISO-8601 date or time (`2026-11-01`, `2026-11-01T10:00:00Z`; UTC unless an offset
 * is given), or a duration before `now` (`30m`, `24h`, `7d`, `2w`). Returns a `Date`.
 */
export function parseTime(option: string, value: string, now: number): Date {
  const relative = /^(\d+)\s*([smhdw])$/.exec(value.trim());
  if (relative) return new Date(now - Number(relative[1]) * (UNITS[relative[2] ?? ''] ?? 0));
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) {
    // CloudTrail times are UTC: a date or time without an offset is read as UTC too
    const text = value.trim().replace(' ', 'T');
    const withTime = text.length === 10 ? `${text}T00:00:00` : text;
    const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(withTime) ? withTime : `${withTime}Z`);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  throw new UsageError(
    `${option}: "${value}" is not a date (use ISO-8601 like 2026-11-01 or 2026-11-01T10:00:00Z, or a duration like 30m, 24h, 7d)`,
  );
}

/** Values of a repeatable, comma-separated option (`--region a,b --region c`), trimmed and de-duplicated. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return [...new Set([...(previous ?? []), ...items])];
}

/** `-a, --account`: a repeatable, comma-separated list of 12-digit account ids. */
export function collectAccounts(value: string, previous: string[] | undefined): string[] {
  const accounts = collectList(value, previous);
  const bad = accounts.find((a) => !/^\d{12}$/.test(a));
  if (bad !== undefined) throw new UsageError(`--account: "${bad}" is not a 12-digit account id`);
  return accounts;
}

/** `--fail-on`: one of the severities. */
export function parseSeverity(value: string): Severity {
  const v = value.trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(v)) return v as Severity;
  throw new UsageError(`--fail-on: "${value}" is not a severity (one of ${SEVERITIES.join(', ')})`);
}

/** `--format`. */
export function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format: "${value}" is not a format (one of ${FORMATS.join(', ')})`);
}

/** A positive integer option (`--concurrency`, `--max-rows`). */
export function parsePositiveInt(option: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${option}: "${value}" is not a positive integer`);
  }
  return n;
}

/** `--workers`: `auto`, or the number of threads that read (1: no worker threads). */
export function parseWorkers(value: string): number | 'auto' {
  if (value.trim() === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--workers: "${value}" must be auto or a positive integer`);
  }
  return n;
}

/** `--on-invalid`. */
export function parseOnInvalid(value: string): 'skip' | 'fail' {
  if (value === 'skip' || value === 'fail') return value;
  throw new UsageError(`--on-invalid: "${value}" must be skip or fail`);
}
