/**
 * The whole-document fast path of `parse()`: a small CloudTrail log file held whole (`{"Records":[...]}`,
 * as S3 delivers it) is parsed with one `JSON.parse` call, as the naive way does, and its records are
 * checked as the scanner would check them. Anything else (another shape, invalid JSON, a record that is
 * not deliverable, a byte order mark, two `"Records"` keys) returns `undefined`, and the scanner reads the
 * input instead and reports every problem at its offset.
 */

import { isDeliverable, type RecordChecks } from './check-record';
import { OPEN_BRACE } from './json-bytes';

const RECORDS_KEY = '"Records"';

/** The records of a whole CloudTrail log file, all deliverable, or `undefined` to scan it instead. */
export function wholeRecords(bytes: Buffer, checks: RecordChecks): Record<string, unknown>[] | undefined {
  if (bytes[0] !== OPEN_BRACE) return undefined;
  const key = bytes.indexOf(RECORDS_KEY);
  // one `Records` key at most (JSON.parse keeps the last of duplicate keys, the scanner reads the first)
  if (key < 0 || bytes.indexOf(RECORDS_KEY, key + RECORDS_KEY.length) >= 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const document = value as Record<string, unknown>;
  const records = document.Records;
  if (!Array.isArray(records) || document.Events !== undefined || document.logEvents !== undefined) {
    return undefined;
  }
  for (let k = 0; k < records.length; k++) {
    const r = records[k] as unknown;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
    if (!isDeliverable(r as Record<string, unknown>, checks)) return undefined;
  }
  return records as Record<string, unknown>[];
}
