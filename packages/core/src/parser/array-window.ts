/**
 * The window fast path of the scanner (the hot path of big files): between two records of a `Records` or
 * top-level array, the records that end within the next window of bytes are parsed with one `JSON.parse`
 * call, without scanning them byte by byte.
 */

import { isDeliverable, type RecordChecks } from './check-record';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isWhitespace,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-bytes';
import type { Container, ScanItem } from './scan-item';

/**
 * Bytes of consecutive array records parsed by one `JSON.parse` call (the window fast path). Small enough
 * that the parsed records die young (a larger window makes V8 promote them and costs more GC).
 */
export const WINDOW = 64 * 1024;
/** Bytes looked at after a guessed cut to check that it lies between two records. */
const CUT_CHECK = 2048;
/** `}` bytes tried from the window end backwards as the end of the window's last record. */
const CUT_TRIES = 128;
/**
 * An array is only scanned once more than this many window parses failed (a wrong cut guess, or invalid
 * JSON) and they are more than a quarter of the successful ones.
 */
const WINDOW_FAILURES = 8;

/**
 * Whether the bytes from `i` (just after a `}`) look like the gap between two array records, judging from
 * the bytes up to `end`: optional whitespace, `,`, optional whitespace, `{`, a key (or `}`), and then no
 * more closing than opening brackets. A `}` that ends an object nested in a record soon meets the
 * unbalanced `]` or `}` that closes its container; one inside a string is rarely followed by `,{"key":`
 * (wrong guesses are caught by `JSON.parse` anyway). The end of the array itself is an unbalanced `]` too:
 * the last records of an array are scanned byte by byte.
 */
function betweenRecords(buf: Buffer, i: number, end: number): boolean {
  while (i < end && isWhitespace(buf[i]!)) i++;
  if (i >= end || buf[i] !== COMMA) return false;
  i++;
  while (i < end && isWhitespace(buf[i]!)) i++;
  if (i >= end || buf[i] !== OPEN_BRACE) return false;
  let k = i + 1;
  while (k < end && isWhitespace(buf[k]!)) k++;
  if (k >= end) return false;
  if (buf[k] === QUOTE) {
    k++;
    while (k < end) {
      const s = buf[k]!;
      if (s === QUOTE) break;
      k += s === BACKSLASH ? 2 : 1;
    }
    k++;
    while (k < end && isWhitespace(buf[k]!)) k++;
    if (k >= end || buf[k] !== COLON) return false;
  } else if (buf[k] !== CLOSE_BRACE) {
    return false;
  }
  let depth = 0;
  while (i < end) {
    const c = buf[i]!;
    if (c === QUOTE) {
      i++;
      while (i < end) {
        const s = buf[i]!;
        if (s === QUOTE) break;
        i += s === BACKSLASH ? 2 : 1;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth < 0) {
      return false;
    }
    i++;
  }
  return true;
}

/** The window fast path over one array: whether it is on, from where, and how well it went so far. */
export class ArrayWindows {
  readonly #checks: RecordChecks;
  /** Most bytes parsed by one window `JSON.parse` call. */
  readonly #windowMax: number;
  #on = false;
  #from = 0;
  #failures = 0;
  #successes = 0;
  /** `[` + a window's bytes + `]`, decoded into one string (no concatenation to flatten). */
  #text: Buffer | undefined;

  constructor(checks: RecordChecks, windowMax: number) {
    this.#checks = checks;
    this.#windowMax = windowMax;
  }

  /** A new array starts: windows are tried in `Records` and top-level arrays. */
  start(container: Container): void {
    this.#on = container === 'Records' || container === 'array';
    this.#from = 0;
    this.#failures = 0;
    this.#successes = 0;
  }

  /** Whether a window is worth trying at this absolute offset. */
  readyAt(offset: number): boolean {
    return this.#on && offset >= this.#from;
  }

  /**
   * Between two records of an array, at `i` (`afterRecord`: a record ended before, so a `,` comes first):
   * take the records that end within the next window and parse them with one `JSON.parse('[' + text +
   * ']')`. The cut (the end of the last whole record) is found from the window end backwards (a `}`
   * followed by `,` and `{`, and no unbalanced close soon after), which is only a guess; `JSON.parse`
   * accepting `[text]` proves it: the text starts at a record boundary, so it parses only if it is a list of
   * whole values. Pushes a `records` item and returns where to go on, or -1 to scan byte by byte (a failed
   * guess, invalid JSON, a value that is not a plain event object, or no whole record in sight).
   * `base` is the absolute offset of `chunk`.
   */
  parse(
    chunk: Buffer,
    i: number,
    len: number,
    base: number,
    afterRecord: boolean,
    container: Container,
    out: ScanItem[],
  ): number {
    let a = i;
    while (a < len && isWhitespace(chunk[a]!)) a++;
    if (a < len && afterRecord && chunk[a] === COMMA) {
      a++;
      while (a < len && isWhitespace(chunk[a]!)) a++;
    } else if (afterRecord) {
      a = len;
    }
    if (a >= len || chunk[a] !== OPEN_BRACE) {
      this.#from = base + Math.min(a + 1, len);
      return -1;
    }
    const limit = Math.min(len, a + this.#windowMax);
    let cut = -1;
    let from = limit - 1;
    for (let tries = 0; tries < CUT_TRIES; tries++) {
      const close = chunk.lastIndexOf(CLOSE_BRACE, from);
      if (close <= a) break;
      if (betweenRecords(chunk, close + 1, Math.min(len, close + 1 + CUT_CHECK))) {
        cut = close + 1;
        break;
      }
      from = close - 1;
    }
    if (cut < 0) {
      // no whole record found in this window (a record longer than it, or one that goes on into the next
      // chunk): scan on, and try again after the window
      this.#from = base + limit;
      return -1;
    }
    const size = cut - a;
    this.#text ??= Buffer.allocUnsafe(WINDOW + 2);
    const text = this.#text;
    text[0] = OPEN_BRACKET;
    chunk.copy(text, 1, a, cut);
    text[size + 1] = CLOSE_BRACKET;
    let values: unknown;
    try {
      values = JSON.parse(text.toString('utf8', 0, size + 2));
    } catch {
      return this.#failed(base + cut);
    }
    const list = values as unknown[];
    for (let k = 0; k < list.length; k++) {
      const v = list[k];
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.#failed(base + cut);
      if (container === 'array' && typeof (v as { CloudTrailEvent?: unknown }).CloudTrailEvent === 'string') {
        // LookupEvents results: their inner strings are parsed (and reported) one by one
        this.#on = false;
        return -1;
      }
      // not a CloudTrail event, or over a limit: scanned byte by byte, so that its error names its offset
      if (!isDeliverable(v as Record<string, unknown>, this.#checks)) return this.#failed(base + cut);
    }
    out.push({
      kind: 'records',
      values: list as Record<string, unknown>[],
      offset: base + a,
      container,
      bytes: size,
    });
    this.#successes++;
    return cut;
  }

  #failed(cutOffset: number): number {
    this.#from = cutOffset;
    this.#failures++;
    if (this.#failures > WINDOW_FAILURES && this.#failures * 4 > this.#successes) this.#on = false;
    return -1;
  }
}
