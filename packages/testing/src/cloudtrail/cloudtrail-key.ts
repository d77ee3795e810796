import { randomBytes } from 'node:crypto';

/** Where a trail writes: optional key prefix and organization id. */
export interface TrailLocation {
  /** Key prefix set on the trail (without trailing slash), e.g. `logs`. */
  prefix?: string;
  /** Organization trail id, e.g. `o-a1b2c3d4e5`. */
  organizationId?: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 16-character random suffix like the one CloudTrail puts in log file names. */
export function randomSuffix(length = 16): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

/**
 * The folder of one account/region/day, e.g. `logs/AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/2026/11/01/`.
 * `kind` selects the `CloudTrail`, `CloudTrail-Digest` or `CloudTrail-Insight` tree.
 */
export function cloudTrailDayPrefix(
  location: TrailLocation,
  account: string,
  region: string,
  day: Date,
  kind: 'CloudTrail' | 'CloudTrail-Digest' | 'CloudTrail-Insight' = 'CloudTrail',
): string {
  const root = location.prefix ? `${location.prefix.replace(/\/+$/, '')}/` : '';
  const org = location.organizationId ? `${location.organizationId}/` : '';
  const yyyy = String(day.getUTCFullYear());
  const mm = pad(day.getUTCMonth() + 1);
  const dd = pad(day.getUTCDate());
  return `${root}AWSLogs/${org}${account}/${kind}/${region}/${yyyy}/${mm}/${dd}/`;
}

/** A log file name: `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random16>.json.gz`. */
export function logFileName(account: string, region: string, time: Date, suffix = randomSuffix()): string {
  return `${account}_CloudTrail_${region}_${compactTime(time, false)}_${suffix}.json.gz`;
}

/** A digest file name: `<account>_CloudTrail-Digest_<region>_<trail>_<region>_<YYYYMMDDTHHmmssZ>.json.gz`. */
export function digestFileName(account: string, region: string, trail: string, time: Date): string {
  return `${account}_CloudTrail-Digest_${region}_${trail}_${region}_${compactTime(time, true)}.json.gz`;
}

/** An Insights file name: `<account>_CloudTrail-Insight_<region>_<YYYYMMDDTHHmmZ>_<random16>.json.gz`. */
export function insightFileName(
  account: string,
  region: string,
  time: Date,
  suffix = randomSuffix(),
): string {
  return `${account}_CloudTrail-Insight_${region}_${compactTime(time, false)}_${suffix}.json.gz`;
}

/** `20261101T0905Z` (or `20261101T090500Z` with seconds). */
export function compactTime(time: Date, seconds: boolean): string {
  const date = `${time.getUTCFullYear()}${pad(time.getUTCMonth() + 1)}${pad(time.getUTCDate())}`;
  const clock = `${pad(time.getUTCHours())}${pad(time.getUTCMinutes())}${seconds ? pad(time.getUTCSeconds()) : ''}`;
  return `${date}T${clock}Z`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
