/**
 * A resumable byte scanner that cuts a (decompressed) JSON byte stream into record texts without parsing
 * them: it tracks strings, escapes and nesting depth over `Uint8Array` chunks, and hands each record's text
 * to the caller, who runs `JSON.parse` on it. Memory is bounded by the largest single record.
 *
 * Fast paths (the hot path of big files): between two records of a `Records` or top-level array, and at
 * the start of an NDJSON line, it parses up to {@link WINDOW} bytes of whole records with one `JSON.parse`
 * call and hands them over parsed (`records` items); see `parseWindow` and `parseLines`. The byte-by-byte
 * walk remains for records across chunk ends, other shapes, and every kind of bad input.
 *
 * Structure understood:
 * - top-level values, one after the other (a single value, or NDJSON / concatenated JSON);
 * - a top-level array: each element is a record;
 * - a top-level object: if one of its keys is a wrapper key (`Records`, `Events`, `logEvents`) whose value
 *   is an array, each element of that array is a record (the keys before it are handed over as `meta`);
 *   otherwise the whole object is one document (a single event, a digest file, a `LookupEvents` result...).
 */

import type { ParseErrorCode } from '../errors';
import { DEFAULT_CHECKS, isDeliverable, type RecordChecks } from './check-record';
import { type LimitCode, limitDetail } from './limits';
import { documentKind } from './shapes';

/** Which array a record came from. */
export type Container = 'Records' | 'Events' | 'logEvents' | 'array' | 'top';

/** What the scanner found. Offsets are absolute byte offsets in the decompressed stream. */
export type ScanItem =
  | { kind: 'record'; text: string; offset: number; container: Container }
  /**
   * Several consecutive records, already parsed (the window fast paths): elements of a `Records` or
   * top-level array (container `Records`/`array`: plain objects, not `LookupEvents` results), or whole
   * NDJSON lines (container `top`: plain event objects, not wrappers, digests or other documents).
   */
  | {
      kind: 'records';
      values: Record<string, unknown>[];
      offset: number;
      container: Container;
      /** Source bytes of these records (for `maxBatchBytes`). */
      bytes: number;
    }
  | { kind: 'doc'; text: string; offset: number }
  /** A top-level object already parsed (a whole line that was valid JSON: the NDJSON fast path). */
  | { kind: 'value'; value: unknown; offset: number; bytes: number }
  | { kind: 'wrapper'; key: 'Records' | 'Events' | 'logEvents'; meta: string; offset: number }
  | {
      kind: 'error';
      code: ParseErrorCode;
      detail: string;
      offset: number;
      /** The error stands for one record (it takes a record index). */
      isRecord: boolean;
      /** Scanning cannot go on after this error. */
      fatal: boolean;
    };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;
/** Longest line tried as a whole by the NDJSON fast path. */
const FAST_LINE_MAX = 1024 * 1024;
/**
 * Bytes of consecutive array records parsed by one `JSON.parse` call (the window fast path). Small enough
 * that the parsed records die young (a larger window makes V8 promote them and costs more GC).
 */
const WINDOW = 64 * 1024;
/** Bytes looked at after a guessed cut to check that it lies between two records. */
const CUT_CHECK = 2048;
/** `}` bytes tried from the window end backwards as the end of the window's last record. */
const CUT_TRIES = 128;
/**
 * An array is only scanned once more than this many window parses failed (a wrong cut guess, or invalid
 * JSON) and they are more than a quarter of the successful ones.
 */
const WINDOW_FAILURES = 8;

enum Mode {
  Top,
  Junk,
  /** Fast scan of a top-level object, watching its keys for a wrapper key. */
  TopObj,
  /** Structural (byte by byte) walk of a top-level object, used around a wrapper key. */
  Obj,
  Arr,
  Value,
  Done,
}

enum ObjState {
  KeyOrEnd,
  Key,
  Colon,
  ValueStart,
  CommaOrEnd,
}

enum ArrState {
  ValueOrEnd,
  Value,
  CommaOrEnd,
}

/** Where to go when a scanned value ends. */
enum Ret {
  TopValue,
  ArrValue,
  ObjKey,
  ObjValue,
  ObjBroken,
}

function isWhitespace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/** Bytes that end a bare (unquoted) token such as a number, `true` or junk. */
function endsScalar(c: number): boolean {
  return (
    c === COMMA ||
    c === CLOSE_BRACE ||
    c === CLOSE_BRACKET ||
    c === OPEN_BRACE ||
    c === OPEN_BRACKET ||
    c === QUOTE ||
    c === COLON ||
    isWhitespace(c)
  );
}

/** An object holding records under one of the wrapper keys. */
function isWrapper(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Record<string, unknown>;
  return o.Records !== undefined || o.Events !== undefined || o.logEvents !== undefined;
}

function describe(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

const WRAPPER_KEYS: ReadonlyArray<'Records' | 'Events' | 'logEvents'> = ['Records', 'Events', 'logEvents'];

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

/** Cuts a byte stream into record texts. Feed it with {@link push}, then call {@link end}. */
export class RecordScanner {
  private readonly maxRecordBytes: number;
  private readonly checks: RecordChecks;
  private readonly maxDepth: number;
  private readonly maxKeys: number;
  /** Longest NDJSON line parsed whole without scanning (it cannot hold more than `maxKeys` keys). */
  private readonly fastLineMax: number;
  /** Most bytes parsed by one window `JSON.parse` call. */
  private readonly windowMax: number;

  private mode: Mode = Mode.Top;
  /** Absolute offset of the current chunk's first byte. */
  private base = 0;
  private bomMatched = 0;
  private sawContent = false;

  // top-level object
  private objState: ObjState = ObjState.KeyOrEnd;
  private wrapped = false;
  private keyStart = 0;
  private pendingWrapper: 'Records' | 'Events' | 'logEvents' | undefined;
  private objOffset = 0;

  // records array
  private arrState: ArrState = ArrState.ValueOrEnd;
  private arrContainer: Container = 'array';
  private arrInObj = false;
  /** Window fast path: allowed in the current array, not before this absolute offset, failures so far. */
  private windowOn = false;
  private windowFrom = 0;
  private windowFailures = 0;
  private windowSuccesses = 0;
  /** NDJSON window fast path: not before this absolute offset; where each joined line starts. */
  private linesFrom = 0;
  private readonly lineStarts: number[] = [];
  /** `[` + a window's bytes + `]`, decoded into one string (no concatenation to flatten). */
  private windowText: Buffer | undefined;

  // value scanning
  private ret: Ret = Ret.TopValue;
  private depth = 0;
  private inString = false;
  private scalar = false;
  /** Bytes to skip at the start of the next chunk (an escape split across chunks). */
  private carry = 0;
  /** In a top-level object: the next string at depth 1 is a key. */
  private expectKey = false;
  /** In a top-level object: the string being scanned is a key at depth 1, and where it starts. */
  private strIsKey = false;
  private strStart = 0;

  // capture of the current record / document bytes
  private capturing = false;
  private capStart = 0;
  private capOffset = 0;
  private capParts: Buffer[] = [];
  private capLength = 0;
  private capTooLarge = false;
  /** Members + elements seen so far in the captured record (`,`, `{` and `[` outside strings). */
  private keys = 0;
  /** Depth of the value being scanned within the captured record (0 for a record, 1 for a top-level object's value). */
  private depthBase = 0;
  /** The limit the captured record went over (its bytes are then no longer kept). */
  private limitHit: LimitCode | undefined;

  /**
   * @param maxRecordBytes records larger than this are not kept (`PARSE_RECORD_TOO_LARGE`).
   * @param checks the record checks (required fields, depth and keys limits).
   * @param maxWindowBytes most bytes of records parsed by one `JSON.parse` call (at most 64 KiB): the
   * parser passes its `maxBatchBytes`, so that one window never holds more than a batch's bytes.
   */
  constructor(maxRecordBytes: number, checks: RecordChecks = DEFAULT_CHECKS, maxWindowBytes = WINDOW) {
    this.maxRecordBytes = maxRecordBytes;
    this.checks = checks;
    this.maxDepth = checks.maxDepth;
    this.maxKeys = checks.maxKeys;
    this.fastLineMax = Math.min(FAST_LINE_MAX, maxRecordBytes, checks.maxKeys);
    this.windowMax = Math.min(WINDOW, maxRecordBytes, maxWindowBytes);
  }

  /** Scan one chunk; found items are appended to `out`. */
  push(chunk: Buffer, out: ScanItem[]): void {
    const len = chunk.length;
    let i = 0;
    while (i < len) {
      switch (this.mode) {
        case Mode.Value: {
          const end = this.scanValue(chunk, i, len);
          if (end < 0) {
            i = len;
          } else {
            i = end;
            this.valueEnded(chunk, end, out);
          }
          break;
        }
        case Mode.Arr:
          if (this.windowOn && this.base + i >= this.windowFrom) {
            const next = this.parseWindow(chunk, i, len, out);
            if (next >= 0) {
              i = next;
              break;
            }
          }
          i = this.stepArr(chunk, i, out);
          break;
        case Mode.TopObj:
          i = this.scanTopObject(chunk, i, len, out);
          break;
        case Mode.Obj:
          i = this.stepObj(chunk, i, out);
          break;
        case Mode.Top:
          i = this.stepTop(chunk, i, out);
          break;
        case Mode.Junk: {
          const c = chunk[i]!;
          if (c === LF || c === OPEN_BRACE || c === OPEN_BRACKET) this.mode = Mode.Top;
          else i++;
          break;
        }
        case Mode.Done:
          i = len;
          break;
      }
    }
    if (this.capturing) this.saveCapture(chunk, len);
    this.base += len;
  }

  /** Signal the end of input; reports truncation or empty input. */
  end(out: ScanItem[]): void {
    const offset = this.base;
    switch (this.mode) {
      case Mode.Top:
      case Mode.Junk:
        if (!this.sawContent) {
          out.push({
            kind: 'error',
            code: 'PARSE_EMPTY_INPUT',
            detail: 'input is empty (no JSON value)',
            offset,
            isRecord: false,
            fatal: true,
          });
        }
        return;
      case Mode.Done:
        return;
      case Mode.Value:
        if (this.scalar && this.ret === Ret.TopValue) {
          this.valueEnded(Buffer.alloc(0), 0, out);
          return;
        }
        break;
      default:
        break;
    }
    const where =
      this.mode === Mode.Value && (this.ret === Ret.ArrValue || this.ret === Ret.TopValue)
        ? 'inside a record'
        : this.mode === Mode.Arr || this.arrInObj
          ? `inside the ${this.arrContainer === 'array' ? 'top-level' : `"${this.arrContainer}"`} array`
          : 'inside a JSON object';
    out.push({
      kind: 'error',
      code: 'PARSE_TRUNCATED_JSON',
      detail: `unexpected end of input ${where}`,
      offset,
      isRecord: false,
      fatal: true,
    });
    this.mode = Mode.Done;
  }

  // --- capture

  private startCapture(i: number): void {
    this.capturing = true;
    this.capStart = i;
    this.capOffset = this.base + i;
    this.capParts = [];
    this.capLength = 0;
    this.capTooLarge = false;
    this.keys = 0;
    this.limitHit = undefined;
  }

  /** The captured record went over a limit, at `depth` (within the record): stop keeping its bytes. */
  private overLimit(depth: number): void {
    if (this.limitHit !== undefined || !this.capturing) return;
    this.limitHit = depth > this.maxDepth ? 'PARSE_TOO_DEEP' : 'PARSE_TOO_MANY_KEYS';
    this.capParts = [];
  }

  /** At the end of a chunk: keep a copy of the captured bytes (the chunk itself is not retained). */
  private saveCapture(chunk: Buffer, len: number): void {
    if (!this.capTooLarge && this.limitHit === undefined && this.capStart < len) {
      const n = len - this.capStart;
      if (this.capLength + n > this.maxRecordBytes) {
        this.capTooLarge = true;
        this.capParts = [];
      } else {
        this.capParts.push(Buffer.from(chunk.subarray(this.capStart, len)));
        this.capLength += n;
      }
    }
    this.capStart = 0;
  }

  /** The captured text up to `end` in the current chunk, or `undefined` if it was too large. */
  private finishCapture(chunk: Buffer, end: number): string | undefined {
    this.capturing = false;
    if (
      this.capTooLarge ||
      this.limitHit !== undefined ||
      this.capLength + (end - this.capStart) > this.maxRecordBytes
    ) {
      this.capParts = [];
      return undefined;
    }
    if (this.capParts.length === 0) return chunk.toString('utf8', this.capStart, end);
    this.capParts.push(chunk.subarray(this.capStart, end));
    const text = Buffer.concat(this.capParts).toString('utf8');
    this.capParts = [];
    return text;
  }

  /** Bytes between two absolute offsets that lie within the current capture (for short keys). */
  private capturedBytes(chunk: Buffer, from: number, to: number): Buffer {
    const chunkFrom = from - this.base;
    if (chunkFrom >= 0) return chunk.subarray(chunkFrom, to - this.base);
    const all = Buffer.concat([...this.capParts, chunk.subarray(this.capStart, to - this.base)]);
    return all.subarray(from - this.capOffset, to - this.capOffset);
  }

  /** Report the captured record that was not kept: over a limit, or larger than `maxRecordBytes`. */
  private tooLarge(out: ScanItem[], offset: number): void {
    const hit = this.limitHit;
    out.push({
      kind: 'error',
      code: hit ?? 'PARSE_RECORD_TOO_LARGE',
      detail:
        hit !== undefined
          ? limitDetail(hit, this.checks)
          : `record is larger than maxRecordBytes (${this.maxRecordBytes} bytes)`,
      offset,
      isRecord: true,
      fatal: false,
    });
  }

  // --- structural steps (one byte at a time; the hot path is scanValue)

  private beginValue(chunk: Buffer, i: number, ret: Ret): void {
    const c = chunk[i]!;
    this.mode = Mode.Value;
    this.ret = ret;
    this.depth = 0;
    this.depthBase = ret === Ret.ObjValue ? 1 : 0;
    this.inString = false;
    this.scalar = false;
    if (c !== QUOTE && c !== OPEN_BRACE && c !== OPEN_BRACKET) this.scalar = true;
  }

  private stepTop(chunk: Buffer, i: number, out: ScanItem[]): number {
    const c = chunk[i]!;
    const at = this.base + i;
    if (at < 3 && this.bomMatched === at && c === BOM[at]) {
      this.bomMatched++;
      return i + 1;
    }
    if (isWhitespace(c)) return i + 1;
    this.sawContent = true;
    if (c === OPEN_BRACE) {
      const lines = this.base + i >= this.linesFrom ? this.parseLines(chunk, i, out) : -1;
      if (lines > 0) return lines;
      const next = this.parseLine(chunk, i, out);
      if (next > 0) return next;
      this.mode = Mode.TopObj;
      this.depth = 1;
      this.inString = false;
      this.expectKey = true;
      this.objState = ObjState.KeyOrEnd;
      this.wrapped = false;
      this.pendingWrapper = undefined;
      this.arrInObj = false;
      this.objOffset = at;
      this.startCapture(i);
      this.keys = 1;
      return i + 1;
    }
    if (c === OPEN_BRACKET) {
      this.mode = Mode.Arr;
      this.arrState = ArrState.ValueOrEnd;
      this.arrContainer = 'array';
      this.arrInObj = false;
      this.startWindows();
      return i + 1;
    }
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA || c === COLON) {
      out.push({
        kind: 'error',
        code: 'PARSE_INVALID_JSON',
        detail: `unexpected ${describe(c)} between records`,
        offset: at,
        isRecord: false,
        fatal: false,
      });
      this.mode = Mode.Junk;
      return i + 1;
    }
    // a bare value (string, number, literal or junk): it stands for one record; the caller reports it
    this.startCapture(i);
    this.beginValue(chunk, i, Ret.TopValue);
    return i;
  }

  /**
   * NDJSON fast path: if the line starting at `i` (a `{`) ends within this chunk and is valid JSON, it is
   * one whole top-level object: hand it over parsed, without scanning it, and return where to go on (-1
   * otherwise: a pretty-printed or longer object, or bad JSON, which the caller scans as usual and which
   * then names any problem).
   */
  private parseLine(chunk: Buffer, i: number, out: ScanItem[]): number {
    const lf = chunk.indexOf(LF, i + 1);
    if (lf < 0 || lf - i > this.fastLineMax) return -1;
    let value: unknown;
    try {
      value = JSON.parse(chunk.toString('utf8', i, lf));
    } catch {
      return -1;
    }
    // A wrapper of records (`{"Records":[...]}` on one line, as S3 log files are) goes to the record
    // scanner instead, so that a bad record in it is reported at its own byte offset.
    if (isWrapper(value)) return -1;
    out.push({ kind: 'value', value, offset: this.base + i, bytes: lf + 1 - i });
    return lf + 1;
  }

  /**
   * NDJSON window fast path: at `i` (a `{` at the top level), the whole lines that end within the next
   * {@link WINDOW} bytes, joined with `,` into one `JSON.parse('[' + ... + ']')` call. Accepted only if it
   * gives one value per line (a comma put inside a value would merge two lines into one value, so the count
   * proves that every line was one whole value); plain events go over as `records`, other objects (wrappers,
   * LookupEvents results, digests) as `value` items. Returns where to go on, or -1 (then the lines of this
   * window are taken one by one).
   */
  private parseLines(chunk: Buffer, i: number, out: ScanItem[]): number {
    const len = chunk.length;
    const limit = Math.min(len, i + Math.min(this.windowMax, this.fastLineMax));
    const last = chunk.lastIndexOf(LF, limit - 1);
    if (last <= i) return -1;
    this.windowText ??= Buffer.allocUnsafe(WINDOW + 2);
    const text = this.windowText;
    const starts = this.lineStarts;
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
      this.linesFrom = this.base + Math.max(p, i + 1);
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
      this.linesFrom = this.base + p;
      return -1;
    }
    // runs of plain events go over as `records`; any other line (a wrapper of records, a LookupEvents
    // result, a digest...) as a parsed `value`, as the one-line path would hand it over
    let run = 0;
    for (let k = 0; k < lines; k++) {
      const value = values[k];
      if (isPlainEvent(value) && isDeliverable(value as Record<string, unknown>, this.checks)) continue;
      if (k > run) this.linesRecords(values.slice(run, k), starts[run]!, starts[k]!, out);
      const next = k + 1 < lines ? starts[k + 1]! : p;
      out.push({ kind: 'value', value, offset: this.base + starts[k]!, bytes: next - starts[k]! });
      run = k + 1;
    }
    if (run < lines) this.linesRecords(run === 0 ? values : values.slice(run), starts[run]!, p, out);
    return p;
  }

  private linesRecords(values: unknown[], start: number, end: number, out: ScanItem[]): void {
    out.push({
      kind: 'records',
      values: values as Record<string, unknown>[],
      offset: this.base + start,
      container: 'top',
      bytes: end - start,
    });
  }

  private stepArr(chunk: Buffer, i: number, out: ScanItem[]): number {
    const c = chunk[i]!;
    if (isWhitespace(c)) return i + 1;
    const at = this.base + i;
    if (this.arrState === ArrState.CommaOrEnd) {
      if (c === COMMA) {
        this.arrState = ArrState.Value;
        return i + 1;
      }
      if (c === CLOSE_BRACKET) return this.closeArr(i);
      out.push({
        kind: 'error',
        code: 'PARSE_INVALID_JSON',
        detail: `expected ',' or ']' between records, found ${describe(c)}`,
        offset: at,
        isRecord: false,
        fatal: false,
      });
      this.arrState = ArrState.Value;
      return c === COLON || c === CLOSE_BRACE ? i + 1 : i;
    }
    if (c === CLOSE_BRACKET) {
      if (this.arrState === ArrState.Value) {
        out.push({
          kind: 'error',
          code: 'PARSE_INVALID_JSON',
          detail: `trailing ',' before ']'`,
          offset: at,
          isRecord: false,
          fatal: false,
        });
      }
      return this.closeArr(i);
    }
    if (c === COMMA || c === COLON || c === CLOSE_BRACE) {
      out.push({
        kind: 'error',
        code: 'PARSE_INVALID_JSON',
        detail: `unexpected ${describe(c)} where a record was expected`,
        offset: at,
        isRecord: false,
        fatal: false,
      });
      return i + 1;
    }
    this.arrState = ArrState.CommaOrEnd;
    this.startCapture(i);
    this.beginValue(chunk, i, Ret.ArrValue);
    return i;
  }

  private closeArr(i: number): number {
    if (this.arrInObj) {
      this.arrInObj = false;
      this.mode = Mode.Obj;
      this.objState = ObjState.CommaOrEnd;
    } else {
      this.mode = Mode.Top;
    }
    return i + 1;
  }

  private stepObj(chunk: Buffer, i: number, out: ScanItem[]): number {
    const c = chunk[i]!;
    if (isWhitespace(c)) return i + 1;
    switch (this.objState) {
      case ObjState.KeyOrEnd:
      case ObjState.Key:
        if (c === QUOTE) {
          this.keyStart = this.base + i;
          this.beginValue(chunk, i, Ret.ObjKey);
          return i;
        }
        if (c === CLOSE_BRACE && this.objState === ObjState.KeyOrEnd) return this.closeObj(chunk, i, out);
        break;
      case ObjState.Colon:
        if (c === COLON) {
          this.objState = ObjState.ValueStart;
          return i + 1;
        }
        break;
      case ObjState.ValueStart:
        if (c === OPEN_BRACKET && this.pendingWrapper !== undefined && !this.wrapped) {
          this.enterWrapper(chunk, out);
          return i + 1;
        }
        if (c !== CLOSE_BRACE && c !== CLOSE_BRACKET && c !== COMMA && c !== COLON) {
          this.beginValue(chunk, i, Ret.ObjValue);
          return i;
        }
        break;
      case ObjState.CommaOrEnd:
        if (c === COMMA) {
          this.objState = ObjState.Key;
          return i + 1;
        }
        if (c === CLOSE_BRACE) return this.closeObj(chunk, i, out);
        break;
    }
    // Not valid JSON: scan on to the end of this object and let JSON.parse name the problem.
    this.mode = Mode.Value;
    this.ret = Ret.ObjBroken;
    this.depth = 1;
    this.depthBase = 0;
    this.inString = false;
    this.scalar = false;
    return i;
  }

  private enterWrapper(chunk: Buffer, out: ScanItem[]): void {
    const key = this.pendingWrapper!;
    let meta = '{}';
    if (this.capturing && !this.capTooLarge && this.limitHit === undefined) {
      // the object's text before the wrapper key: `{ ...keys..., ` → `{ ...keys... }`
      const before = this.keyStart > this.capOffset ? this.capturedText(chunk, this.keyStart) : '{';
      meta = `${before.replace(/[\s,]*$/, '')}}`;
    }
    this.capturing = false;
    this.capParts = [];
    this.limitHit = undefined;
    out.push({ kind: 'wrapper', key, meta, offset: this.objOffset });
    this.wrapped = true;
    this.mode = Mode.Arr;
    this.arrState = ArrState.ValueOrEnd;
    this.arrContainer = key;
    this.arrInObj = true;
    this.startWindows();
  }

  // --- window fast path: many array records per JSON.parse call, without scanning them

  private startWindows(): void {
    this.windowOn = this.arrContainer === 'Records' || this.arrContainer === 'array';
    this.windowFrom = 0;
    this.windowFailures = 0;
    this.windowSuccesses = 0;
  }

  /**
   * Between two records of an array, at `i`: take the records that end within the next {@link WINDOW} bytes
   * and parse them with one `JSON.parse('[' + text + ']')`. The cut (the end of the last whole record) is
   * found from the window end backwards (a `}` followed by `,` and `{`, and no unbalanced close soon after),
   * which is only a guess; `JSON.parse` accepting `[text]` proves it: the text starts at a record boundary,
   * so it parses only if it is a list of whole values. Returns where to go on, or -1 to scan byte by byte
   * (a failed guess, invalid JSON, a value that is not a plain event object, or no whole record in sight).
   */
  private parseWindow(chunk: Buffer, i: number, len: number, out: ScanItem[]): number {
    let a = i;
    while (a < len && isWhitespace(chunk[a]!)) a++;
    if (a < len && this.arrState === ArrState.CommaOrEnd && chunk[a] === COMMA) {
      a++;
      while (a < len && isWhitespace(chunk[a]!)) a++;
    } else if (this.arrState === ArrState.CommaOrEnd) {
      a = len;
    }
    if (a >= len || chunk[a] !== OPEN_BRACE) {
      this.windowFrom = this.base + Math.min(a + 1, len);
      return -1;
    }
    const limit = Math.min(len, a + this.windowMax);
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
      this.windowFrom = this.base + limit;
      return -1;
    }
    const size = cut - a;
    this.windowText ??= Buffer.allocUnsafe(WINDOW + 2);
    const text = this.windowText;
    text[0] = OPEN_BRACKET;
    chunk.copy(text, 1, a, cut);
    text[size + 1] = CLOSE_BRACKET;
    let values: unknown;
    try {
      values = JSON.parse(text.toString('utf8', 0, size + 2));
    } catch {
      return this.windowFailed(cut);
    }
    const list = values as unknown[];
    const container = this.arrContainer;
    for (let k = 0; k < list.length; k++) {
      const v = list[k];
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.windowFailed(cut);
      if (container === 'array' && typeof (v as { CloudTrailEvent?: unknown }).CloudTrailEvent === 'string') {
        // LookupEvents results: their inner strings are parsed (and reported) one by one
        this.windowOn = false;
        return -1;
      }
      // not a CloudTrail event, or over a limit: scanned byte by byte, so that its error names its offset
      if (!isDeliverable(v as Record<string, unknown>, this.checks)) return this.windowFailed(cut);
    }
    out.push({
      kind: 'records',
      values: list as Record<string, unknown>[],
      offset: this.base + a,
      container,
      bytes: size,
    });
    this.arrState = ArrState.CommaOrEnd;
    this.windowSuccesses++;
    return cut;
  }

  private windowFailed(cut: number): number {
    this.windowFrom = this.base + cut;
    this.windowFailures++;
    if (this.windowFailures > WINDOW_FAILURES && this.windowFailures * 4 > this.windowSuccesses) {
      this.windowOn = false;
    }
    return -1;
  }

  private capturedText(chunk: Buffer, to: number): string {
    return this.capturedBytes(chunk, this.capOffset, to).toString('utf8');
  }

  private closeObj(chunk: Buffer, i: number, out: ScanItem[]): number {
    this.mode = Mode.Top;
    if (!this.wrapped) {
      const text = this.finishCapture(chunk, i + 1);
      if (text === undefined) this.tooLarge(out, this.objOffset);
      else out.push({ kind: 'doc', text, offset: this.objOffset });
    }
    return i + 1;
  }

  private keyEnded(chunk: Buffer, end: number): void {
    this.objState = ObjState.Colon;
    this.pendingWrapper = undefined;
    if (this.wrapped || !this.capturing || this.capTooLarge || this.limitHit !== undefined) return;
    const length = this.base + end - this.keyStart - 2;
    if (length !== 6 && length !== 7 && length !== 9) return;
    const from = this.keyStart + 1 - this.base;
    // the key lies in this chunk (the common case): compare in place
    const bytes = from >= 0 ? chunk : this.capturedBytes(chunk, this.keyStart + 1, this.base + end - 1);
    const at = Math.max(from, 0);
    for (const key of WRAPPER_KEYS) {
      if (key.length !== length) continue;
      let same = true;
      for (let k = 0; k < length && same; k++) same = bytes[at + k] === key.charCodeAt(k);
      if (same) this.pendingWrapper = key;
    }
  }

  private valueEnded(chunk: Buffer, end: number, out: ScanItem[]): void {
    switch (this.ret) {
      case Ret.ObjKey:
        this.mode = Mode.Obj;
        this.keyEnded(chunk, end);
        return;
      case Ret.ObjValue:
        this.mode = Mode.Obj;
        this.objState = ObjState.CommaOrEnd;
        this.pendingWrapper = undefined;
        return;
      case Ret.ObjBroken: {
        this.mode = Mode.Top;
        const text = this.capturing ? this.finishCapture(chunk, end) : undefined;
        if (this.wrapped || text === undefined) {
          out.push({
            kind: 'error',
            code: this.wrapped ? 'PARSE_INVALID_JSON' : (this.limitHit ?? 'PARSE_RECORD_TOO_LARGE'),
            detail: this.wrapped
              ? 'invalid JSON in the object around the records array'
              : this.limitHit !== undefined
                ? limitDetail(this.limitHit, this.checks)
                : 'object too large',
            offset: this.objOffset,
            isRecord: false,
            fatal: false,
          });
        } else {
          out.push({ kind: 'doc', text, offset: this.objOffset });
        }
        return;
      }
      case Ret.ArrValue:
      case Ret.TopValue: {
        const offset = this.capOffset;
        const container = this.ret === Ret.ArrValue ? this.arrContainer : 'top';
        this.mode = this.ret === Ret.ArrValue ? Mode.Arr : Mode.Top;
        const text = this.finishCapture(chunk, end);
        if (text === undefined) this.tooLarge(out, offset);
        else out.push({ kind: 'record', text, offset, container });
        return;
      }
    }
  }

  /**
   * Scan a top-level object as fast as a value, but note its keys at depth 1: at a wrapper key (`Records`,
   * ...) switch to the structural walk, which streams the wrapper's array. Returns where to go on.
   */
  private scanTopObject(buf: Buffer, start: number, len: number, out: ScanItem[]): number {
    let i = start + this.carry;
    this.carry = 0;
    let depth = this.depth;
    if (this.inString) {
      while (i < len) {
        const c = buf[i]!;
        if (c === QUOTE) break;
        i += c === BACKSLASH ? 2 : 1;
      }
      if (i >= len) {
        this.carry = i - len;
        return len;
      }
      this.inString = false;
      if (this.strIsKey && this.atWrapperKey(buf, i)) return i + 1;
      i++;
    }
    while (i < len) {
      const c = buf[i]!;
      if (c === QUOTE) {
        const isKey = depth === 1 && this.expectKey;
        if (isKey) {
          this.expectKey = false;
          this.strStart = this.base + i;
        }
        i++;
        while (i < len) {
          const s = buf[i]!;
          if (s === QUOTE) break;
          i += s === BACKSLASH ? 2 : 1;
        }
        if (i >= len) {
          this.carry = i - len;
          this.inString = true;
          this.strIsKey = isKey;
          this.depth = depth;
          return len;
        }
        if (isKey && this.atWrapperKey(buf, i)) {
          this.depth = depth;
          return i + 1;
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
        if (depth > this.maxDepth || ++this.keys > this.maxKeys) this.overLimit(depth);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) {
          this.depth = 0;
          return this.closeObj(buf, i, out);
        }
      } else if (c === COMMA) {
        if (depth === 1) this.expectKey = true;
        if (++this.keys > this.maxKeys) this.overLimit(depth);
      }
      i++;
    }
    this.depth = depth;
    return len;
  }

  /** A key at depth 1 closed at `q`: if it is a wrapper key, go on with the structural walk after it. */
  private atWrapperKey(buf: Buffer, q: number): boolean {
    const length = this.base + q - this.strStart - 1;
    if (length !== 6 && length !== 7 && length !== 9) return false;
    this.keyStart = this.strStart;
    this.keyEnded(buf, q + 1);
    if (this.pendingWrapper === undefined) return false;
    this.mode = Mode.Obj;
    return true;
  }

  /**
   * The hot loop: scan a value from `i`; returns the index just past its end, or -1 when the chunk ended
   * first (state is kept for the next chunk).
   */
  private scanValue(buf: Buffer, start: number, len: number): number {
    let i = start + this.carry;
    this.carry = 0;
    if (this.scalar) {
      while (i < len && !endsScalar(buf[i]!)) i++;
      return i < len ? i : -1;
    }
    let depth = this.depth;
    if (this.inString) {
      while (i < len) {
        const c = buf[i]!;
        if (c === QUOTE) break;
        i += c === BACKSLASH ? 2 : 1;
      }
      if (i >= len) {
        this.carry = i - len;
        return -1;
      }
      this.inString = false;
      i++;
      if (depth === 0) return i;
    }
    while (i < len) {
      const c = buf[i]!;
      if (c === QUOTE) {
        i++;
        while (i < len) {
          const s = buf[i]!;
          if (s === QUOTE) break;
          i += s === BACKSLASH ? 2 : 1;
        }
        if (i >= len) {
          this.carry = i - len;
          this.inString = true;
          this.depth = depth;
          return -1;
        }
        if (depth === 0) return i + 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
        if (depth + this.depthBase > this.maxDepth || ++this.keys > this.maxKeys) {
          this.overLimit(depth + this.depthBase);
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth <= 0) return i + 1;
      } else if (c === COMMA) {
        if (++this.keys > this.maxKeys) this.overLimit(depth + this.depthBase);
      }
      i++;
    }
    this.depth = depth;
    return -1;
  }
}
