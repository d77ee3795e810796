/**
 * Per-record limits of the parser: nesting depth and keys (members + elements), with their defaults.
 *
 * Records read byte by byte are measured by the scanner while it cuts them (before `JSON.parse`, so a
 * record over a limit never costs the memory of its parsed form); records parsed many at a time by the
 * window fast paths (at most 64 KiB of text, or one NDJSON line of at most `maxKeys` bytes) and the
 * JSON strings inside `CloudTrailEvent` / `message` fields are measured on the parsed value by
 * {@link overLimits}. Both count the same way, so the result does not depend on the path.
 */

/** Default `maxDepth`: a CloudTrail record is nested at most ~12 deep in practice (the real records: 11). */
export const DEFAULT_MAX_DEPTH = 512;
/** Largest `maxDepth` accepted: deeper values overflow the stack of recursive code (`JSON.stringify`, sinks). */
export const MAX_DEPTH_CAP = 4096;
/**
 * Default `maxKeys`: the real records have at most 176; a record at CloudTrail's largest size (256 KB) with
 * typical ~30-byte members has ~9,000. A parsed record costs ~175 bytes of peak heap per key, so the limit
 * bounds one record's parsed form to ~17 MB.
 */
export const DEFAULT_MAX_KEYS = 100_000;

/** The limits a record is checked against. */
export interface RecordLimits {
  /** Deepest nesting allowed: the record object itself is level 1. */
  readonly maxDepth: number;
  /** Most members + elements allowed in one record (an empty `{}` or `[]` counts as one). */
  readonly maxKeys: number;
}

/** Which limit a record is over. */
export type LimitCode = 'PARSE_TOO_DEEP' | 'PARSE_TOO_MANY_KEYS';

/** The error detail for a record over a limit. */
export function limitDetail(code: LimitCode, limits: RecordLimits): string {
  return code === 'PARSE_TOO_DEEP'
    ? `record is nested deeper than maxDepth (${limits.maxDepth})`
    : `record has more members and elements than maxKeys (${limits.maxKeys})`;
}

let keys = 0;

function walk(value: object, depth: number, limits: RecordLimits): LimitCode | undefined {
  if (depth > limits.maxDepth) return 'PARSE_TOO_DEEP';
  if (Array.isArray(value)) {
    keys += value.length === 0 ? 1 : value.length;
    for (let k = 0; k < value.length; k++) {
      const v: unknown = value[k];
      if (typeof v === 'object' && v !== null) {
        const over = walk(v, depth + 1, limits);
        if (over !== undefined) return over;
      }
    }
  } else {
    let n = 0;
    const o = value as Record<string, unknown>;
    for (const key in o) {
      n++;
      const v = o[key];
      if (typeof v === 'object' && v !== null) {
        const over = walk(v, depth + 1, limits);
        if (over !== undefined) return over;
      }
    }
    keys += n === 0 ? 1 : n;
  }
  return keys > limits.maxKeys ? 'PARSE_TOO_MANY_KEYS' : undefined;
}

/**
 * Which limit a parsed record is over, or `undefined`. Counts like the scanner: depth with the record
 * itself at level 1; keys as the members and elements of every object and array (an empty one counts as
 * one). Stops at the first limit passed (so its recursion is at most `maxDepth + 1` deep).
 */
export function overLimits(record: object, limits: RecordLimits): LimitCode | undefined {
  keys = 0;
  return walk(record, 1, limits);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Which limit the JSON text of one record is over, or `undefined`, measured on the text (before
 * `JSON.parse`, so that an oversized record never costs its parsed form's memory). Used for JSON held in
 * a string field (`CloudTrailEvent`, a log event's `message`) when the text is long enough to hold more
 * than `maxKeys` keys; shorter texts are checked after parsing with {@link overLimits}.
 */
export function textOverLimits(text: string, limits: RecordLimits): LimitCode | undefined {
  let depth = 0;
  let count = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < len) {
        const s = text.charCodeAt(i);
        if (s === QUOTE) break;
        i += s === BACKSLASH ? 2 : 1;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limits.maxDepth) return 'PARSE_TOO_DEEP';
      count++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c) {
      count++;
    }
  }
  return count > limits.maxKeys ? 'PARSE_TOO_MANY_KEYS' : undefined;
}

/**
 * Whether a JSON text of `length` characters (or bytes) can hold more keys than `maxKeys`: each counted
 * key is at least one character of its own (a `,`, or the `[`/`{` of an empty container), so a text of
 * at most `maxKeys` characters cannot.
 */
export function mayExceedKeys(length: number, limits: RecordLimits): boolean {
  return length > limits.maxKeys;
}
