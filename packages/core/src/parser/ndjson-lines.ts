/**
 * The NDJSON fast paths of the scanner: at the start of a top-level line, whole lines that are valid JSON
 * are parsed as they are (several per `JSON.parse` call when they fit in one window), without scanning.
 */

import { isDeliverable, type RecordChecks } from './check-record';
import { CLOSE_BRACE, CLOSE_BRACKET, COMMA, isWhitespace, LF, OPEN_BRACE, OPEN_BRACKET } from './json-bytes';
import type { ScanItem } from './scan-item';
import { documentKind } from './shapes';

/** Longest line tried as a whole by the NDJSON fast path. */
const FAST_LINE_MAX = 1024 * 1024;

/** An object holding records under one of the wrapper keys. */
function isWrapper(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Record<string, unknown>;
  return o.Records !== undefined || o.Events !== undefined || o.logEvents !== undefined;
}

/** A top-level value that is one event: an object that is no wrapper of records, digest or other document. */
function isPlainEvent(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    !Array.isArray(v.Records) &&
    !Array.isArray(v.logEvents) &&
    !Array.isArray(v.Events) &&
    documentKind(v) === 'event'
  );
}

/** The NDJSON fast paths of one scanner. */
export class NdjsonLines {
  readonly #checks: RecordChecks;
  /** Longest NDJSON line parsed whole without scanning (it cannot hold more than `maxKeys` keys). */
  readonly #lineMax: number;
  /** Most bytes of lines joined into one `JSON.parse` call. */
  readonly #windowMax: number;
  /** Lines window: not tried before this absolute offset. */
  #from = 0;
  /** Where each joined line starts. */
  readonly #starts: number[] = [];
  /** `[` + the window's lines joined by `,` + `]`. */
  #text: Buffer | undefined;

  constructor(maxRecordBytes: number, checks: RecordChecks, windowMax: number) {
    this.#checks = checks;
    this.#lineMax = Math.min(FAST_LINE_MAX, maxRecordBytes, checks.maxKeys);
    this.#windowMax = Math.min(windowMax, this.#lineMax);
  }

  /**
   * NDJSON fast path: if the line starting at `i` (a `{`) ends within this chunk and is valid JSON, it is
   * one whole top-level object: hand it over parsed, without scanning it, and return where to go on (-1
   * otherwise: a pretty-printed or longer object, or bad JSON, which the caller scans as usual and which
   * then names any problem). `base` is the absolute offset of `chunk`.
   */
  line(chunk: Buffer, i: number, base: number, out: ScanItem[]): number {
    const lf = chunk.indexOf(LF, i + 1);
    if (lf < 0 || lf - i > this.#lineMax) return -1;
    let value: unknown;
    try {
      value = JSON.parse(chunk.toString('utf8', i, lf));
    } catch {
      return -1;
    }
    // A wrapper of records (`{"Records":[...]}` on one line, as S3 log files are) goes to the record
    // scanner instead, so that a bad record in it is reported at its own byte offset.
    if (isWrapper(value)) return -1;
    out.push({ kind: 'value', value, offset: base + i, bytes: lf + 1 - i });
    return lf + 1;
  }

  /**
   * NDJSON window fast path: at `i` (a `{` at the top level), the whole lines that end within the next
   * window, joined with `,` into one `JSON.parse('[' + ... + ']')` call. Accepted only if it gives one value
   * per line (a comma put inside a value would merge two lines into one value, so the count proves that
   * every line was one whole value); plain events go over as `records`, other objects (wrappers, LookupEvents
   * results, digests) as `value` items. Returns where to go on, or -1 (then the lines of this window are
   * taken one by one).
   */
  lines(chunk: Buffer, i: number, base: number, out: ScanItem[]): number {
    if (base + i < this.#from) return -1;
    const len = chunk.length;
    const limit = Math.min(len, i + this.#windowMax);
    const last = chunk.lastIndexOf(LF, limit - 1);
    if (last <= i) return -1;
    this.#text ??= Buffer.allocUnsafe(this.#windowMax + 2);
    const text = this.#text;
    const starts = this.#starts;
    starts.length = 0;
    let size = 1;
    let lines = 0;
    let p = i;
    text[0] = OPEN_BRACKET;
    while (p <= last) {
      const lf = chunk.indexOf(LF, p);
      let e = lf;
      while (e > p && isWhitespace(chunk[e - 1]!)) e--;
      if (e > p) {
        // a line that is not one object, or an object that does not end on its line: stop the window here
        if (chunk[p] !== OPEN_BRACE || chunk[e - 1] !== CLOSE_BRACE) break;
        if (lines > 0) text[size++] = COMMA;
        starts.push(p);
        chunk.copy(text, size, p, e);
        size += e - p;
        lines++;
      }
      p = lf + 1;
      while (p <= last && isWhitespace(chunk[p]!) && chunk[p] !== LF) p++;
    }
    if (lines < 2) {
      this.#from = base + Math.max(p, i + 1);
      return -1;
    }
    text[size++] = CLOSE_BRACKET;
    let values: unknown[];
    try {
      values = JSON.parse(text.toString('utf8', 0, size)) as unknown[];
    } catch {
      values = [];
    }
    if (values.length !== lines) {
      this.#from = base + p;
      return -1;
    }
    // runs of plain events go over as `records`; any other line (a wrapper of records, a LookupEvents
    // result, a digest...) as a parsed `value`, as the one-line path would hand it over
    let run = 0;
    for (let k = 0; k < lines; k++) {
      const value = values[k];
      if (isPlainEvent(value) && isDeliverable(value as Record<string, unknown>, this.#checks)) continue;
      if (k > run) records(values.slice(run, k), base + starts[run]!, starts[k]! - starts[run]!, out);
      const next = k + 1 < lines ? starts[k + 1]! : p;
      out.push({ kind: 'value', value, offset: base + starts[k]!, bytes: next - starts[k]! });
      run = k + 1;
    }
    if (run < lines)
      records(run === 0 ? values : values.slice(run), base + starts[run]!, p - starts[run]!, out);
    return p;
  }
}

function records(values: unknown[], offset: number, bytes: number, out: ScanItem[]): void {
  out.push({ kind: 'records', values: values as Record<string, unknown>[], offset, container: 'top', bytes });
}
