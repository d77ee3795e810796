/**
 * The whole-document fast path of `parse()`: a small CloudTrail log file held whole (`{"Records":[...]}`,
 * as S3 delivers it) is parsed with one `JSON.parse` call, as the naive way does, and its records are
 * checked as the scanner would check them. Anything else (another shape, invalid JSON, a record that is
 * not deliverable, a byte order mark, two `"Records"` keys) returns `undefined`, and the scanner reads the
 * input instead and reports every problem at its offset.
 */

import { isDeliverable, type RecordChecks } from './check-record';
import { CLOSE_BRACE, CLOSE_BRACKET, COLON, isWhitespace, OPEN_BRACE, OPEN_BRACKET } from './json-bytes';

const RECORDS_KEY = '"Records"';
const RECORDS_KEY_BYTES = Buffer.from(RECORDS_KEY);

/**
 * Where the `Records` array of a file laid out as CloudTrail writes it (`{"Records":[...]}`, whitespace
 * allowed) starts and ends: the `[` after a leading `"Records":` key and the `]` before the final `}`, or
 * `undefined` for any other layout. Only bytes at the two ends are looked at.
 */
function recordsArrayBounds(bytes: Buffer): { open: number; close: number } | undefined {
  let i = 1;
  while (i < bytes.length && isWhitespace(bytes[i]!)) i++;
  if (i + RECORDS_KEY_BYTES.length > bytes.length) return undefined;
  if (bytes.compare(RECORDS_KEY_BYTES, 0, RECORDS_KEY_BYTES.length, i, i + RECORDS_KEY_BYTES.length) !== 0) {
    return undefined;
  }
  i += RECORDS_KEY_BYTES.length;
  while (i < bytes.length && isWhitespace(bytes[i]!)) i++;
  if (bytes[i] !== COLON) return undefined;
  i++;
  while (i < bytes.length && isWhitespace(bytes[i]!)) i++;
  if (bytes[i] !== OPEN_BRACKET) return undefined;
  let e = bytes.length - 1;
  while (e > i && isWhitespace(bytes[e]!)) e--;
  if (bytes[e] !== CLOSE_BRACE) return undefined;
  e--;
  while (e > i && isWhitespace(bytes[e]!)) e--;
  if (e <= i || bytes[e] !== CLOSE_BRACKET) return undefined;
  return { open: i, close: e };
}

/**
 * The records of a file laid out as CloudTrail writes it, parsed from the text between the `[` of its
 * leading `Records` key and the `]` before its final `}`: if that text is one JSON array, the array that
 * starts after the key ends at the end of the file, so the file is `{"Records":[...]}` with no other key
 * (no duplicate `Records` key to look for). `undefined` when it is not.
 */
function leadingRecords(bytes: Buffer): unknown[] | undefined {
  const bounds = recordsArrayBounds(bytes);
  if (bounds === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8', bounds.open, bounds.close + 1));
  } catch {
    return undefined;
  }
  return Array.isArray(value) ? value : undefined;
}

/** The records of any other clean document with one `Records` key (JSON.parse of it whole). */
function keyedRecords(bytes: Buffer): unknown[] | undefined {
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
  return records;
}

/** The records of a whole CloudTrail log file, all deliverable, or `undefined` to scan it instead. */
export function wholeRecords(bytes: Buffer, checks: RecordChecks): Record<string, unknown>[] | undefined {
  if (bytes[0] !== OPEN_BRACE) return undefined;
  const records = leadingRecords(bytes) ?? keyedRecords(bytes);
  if (records === undefined) return undefined;
  for (let k = 0; k < records.length; k++) {
    const r = records[k] as unknown;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
    if (!isDeliverable(r as Record<string, unknown>, checks)) return undefined;
  }
  return records as Record<string, unknown>[];
}
