import type { TrailEvent } from './trail-event';

/**
 * The event's time as written in the record: `eventTime`, or `@timestamp` when `eventTime` is missing
 * (Logstash's CloudTrail codec moves `eventTime` to `@timestamp`). `undefined` when neither is a string.
 *
 * This is the one rule every source and rule uses for an event's time: the files and S3 sources'
 * `since`/`until` bounds and the time-window detectors all read it.
 */
export function eventTimeText(event: TrailEvent): string | undefined {
  const t = event.eventTime;
  if (typeof t === 'string') return t;
  const stamp = event['@timestamp'];
  return typeof stamp === 'string' ? stamp : undefined;
}

/**
 * The event's time ({@link eventTimeText}) in epoch milliseconds, or `undefined` when the record has no
 * time or it does not parse as a date. An event without a readable time is outside every `since`/`until`
 * window.
 */
export function eventTimeMillis(event: TrailEvent): number | undefined {
  const t = eventTimeText(event);
  if (t === undefined) return undefined;
  const fast = canonicalMillis(t);
  if (fast !== undefined) return fast;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Whether the event's time ({@link eventTimeMillis}) lies in `[since, until)` (either bound may be
 * omitted). An event without a readable time is outside any window that has a bound, and inside the
 * unbounded one.
 */
export function eventTimeWithin(
  event: TrailEvent,
  since: number | undefined,
  until: number | undefined,
): boolean {
  if (since === undefined && until === undefined) return true;
  const t = eventTimeMillis(event);
  if (t === undefined) return false;
  return (since === undefined || t >= since) && (until === undefined || t < until);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The time CloudTrail writes, `YYYY-MM-DDTHH:MM:SSZ`, read without `Date.parse` (which stateful detectors would
 * otherwise call on every event). Only for a valid date and time (day within its month, hour 0-23, minute and
 * second 0-59), where the result equals `Date.parse`; anything else gives undefined and goes to `Date.parse`.
 */
export function canonicalMillis(t: string): number | undefined {
  if (t.length !== 20 || t.charCodeAt(19) !== 90 /* Z */ || t.charCodeAt(10) !== 84 /* T */) return undefined;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58)
    return undefined;
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  const s = digits(t, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
    return undefined;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const monthDays = mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] as number);
  if (d > monthDays) return undefined;
  return (daysFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1000;
}

/** The non-negative integer written with `n` ASCII digits at `at`, or -1. */
function digits(t: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
