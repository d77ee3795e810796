/**
 * Partition paths: a template such as `{account}/{region}/{yyyy}/{mm}/{dd}` filled from each item. Values come
 * from event data and are untrusted: every value is reduced to a single safe path segment.
 */
import { ConfigError, eventTimeText, type Finding, type TrailEvent } from '@trailkit/core';

/** The fields a partition template may use. */
export const PARTITION_FIELDS = ['account', 'region', 'yyyy', 'mm', 'dd', 'hh', 'source', 'kind'] as const;

/** One of {@link PARTITION_FIELDS}. */
export type PartitionField = (typeof PARTITION_FIELDS)[number];

/** The preset layout `account/region/date`. */
export const ACCOUNT_REGION_DATE = '{account}/{region}/{yyyy}/{mm}/{dd}';

/** Placeholder for a value that is missing or unusable. */
export const UNKNOWN = 'unknown';

type Part = { literal: string } | { field: PartitionField };

/** A compiled template: a function from an item to a relative path (`''` for no partitioning). */
export type Partitioner = (item: TrailEvent | Finding) => string;

const TOKEN = /\{([^{}]*)\}/g;
const MAX_SEGMENT = 64;

/**
 * Compile `partitionBy` (`'none'`, `'account/region/date'` or a template) into a {@link Partitioner}.
 * Throws `ConfigError` for unknown fields, absolute templates and `..` segments.
 */
export function compilePartition(partitionBy: string): Partitioner {
  if (partitionBy === 'none' || partitionBy === '') return () => '';
  const template = partitionBy === 'account/region/date' ? ACCOUNT_REGION_DATE : partitionBy;
  if (template.startsWith('/') || template.startsWith('\\') || /^[A-Za-z]:/.test(template)) {
    throw new ConfigError('fileSink', `partitionBy must be a relative template, got "${partitionBy}"`);
  }
  if (template.includes('\\')) {
    throw new ConfigError('fileSink', `partitionBy must use "/" as separator, got "${partitionBy}"`);
  }
  for (const segment of template.split('/')) {
    const literal = segment.replace(TOKEN, 'x');
    if (segment === '' || literal === '.' || literal === '..' || /[\u0000-\u001f]/.test(literal)) {
      throw new ConfigError('fileSink', `partitionBy has an empty, "." or ".." segment: "${partitionBy}"`);
    }
  }
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    const name = match[1] ?? '';
    if (!(PARTITION_FIELDS as readonly string[]).includes(name)) {
      throw new ConfigError(
        'fileSink',
        `partitionBy uses unknown field {${name}}; known fields: ${PARTITION_FIELDS.map((f) => `{${f}}`).join(', ')}`,
      );
    }
    if (match.index > last) parts.push({ literal: template.slice(last, match.index) });
    parts.push({ field: name as PartitionField });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return (item) => {
    const values = partitionValues(item);
    return parts.map((p) => ('literal' in p ? p.literal : values[p.field])).join('');
  };
}

/** The sanitised values of every partition field for one event or finding. */
export function partitionValues(item: TrailEvent | Finding): Record<PartitionField, string> {
  const finding = isFinding(item);
  const account = finding ? item.account : (item.recipientAccountId ?? item.userIdentity?.accountId);
  const region = finding ? item.region : item.awsRegion;
  const time = finding ? item.time : eventTimeText(item);
  const source = finding ? item.action?.split(':')[0] : item.eventSource;
  const date = splitTime(time);
  return {
    account: safeSegment(account),
    region: safeSegment(region),
    yyyy: date?.yyyy ?? UNKNOWN,
    mm: date?.mm ?? UNKNOWN,
    dd: date?.dd ?? UNKNOWN,
    hh: date?.hh ?? UNKNOWN,
    source: safeSegment(source),
    kind: finding ? 'findings' : 'events',
  };
}

/** True when the item is a detection finding rather than an event. */
export function isFinding(item: TrailEvent | Finding): item is Finding {
  return (item as { kind?: unknown }).kind === 'finding';
}

/**
 * Reduce an untrusted value to one safe path segment: only `A-Z a-z 0-9 . _ -` survive (anything else becomes
 * `_`), a leading dot becomes `_` (no `.`/`..`, no hidden or temp-looking names), at most 64 characters, and
 * a missing or empty value becomes `unknown`.
 */
export function safeSegment(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return UNKNOWN;
  const text = String(value)
    .slice(0, MAX_SEGMENT)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\./, '_');
  return text === '' ? UNKNOWN : text;
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}))?/;

/** Date parts of an ISO-8601 time, taken from the text itself (CloudTrail times are UTC), or undefined. */
function splitTime(time: unknown): { yyyy: string; mm: string; dd: string; hh: string } | undefined {
  if (typeof time !== 'string') return undefined;
  const m = TIME.exec(time);
  if (!m) return undefined;
  const [, yyyy = '', mm = '', dd = '', hh] = m;
  if (Number(mm) < 1 || Number(mm) > 12 || Number(dd) < 1 || Number(dd) > 31) return undefined;
  return { yyyy, mm, dd, hh: hh !== undefined && Number(hh) < 24 ? hh : UNKNOWN };
}
