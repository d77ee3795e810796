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

import { ArrayWindows, WINDOW } from './array-window';
import { DEFAULT_CHECKS, type RecordChecks } from './check-record';
import {
  BACKSLASH,
  BOM,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  describe,
  endsScalar,
  isWhitespace,
  LF,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-bytes';
import { limitDetail } from './limits';
import { NdjsonLines } from './ndjson-lines';
import { RecordCapture } from './record-capture';
import type { Container, ScanItem } from './scan-item';

export type { Container, ScanItem } from './scan-item';

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

const WRAPPER_KEYS: ReadonlyArray<'Records' | 'Events' | 'logEvents'> = ['Records', 'Events', 'logEvents'];

/** Cuts a byte stream into record texts. Feed it with {@link push}, then call {@link end}. */
export class RecordScanner {
  private readonly maxRecordBytes: number;
  private readonly checks: RecordChecks;
  private readonly maxDepth: number;
  private readonly maxKeys: number;
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
  private readonly windows: ArrayWindows;
  private readonly lines: NdjsonLines;

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
  private readonly cap: RecordCapture;
  /** Members + elements seen so far in the captured record (`,`, `{` and `[` outside strings). */
  private keys = 0;
  /** Depth of the value being scanned within the captured record (0 for a record, 1 for a top-level object's value). */
  private depthBase = 0;
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
    const windowMax = Math.min(WINDOW, maxRecordBytes, maxWindowBytes);
    this.windows = new ArrayWindows(checks, windowMax);
    this.lines = new NdjsonLines(maxRecordBytes, checks, windowMax);
    this.cap = new RecordCapture(maxRecordBytes);
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
          if (this.windows.readyAt(this.base + i)) {
            const afterRecord = this.arrState === ArrState.CommaOrEnd;
            const next = this.windows.parse(chunk, i, len, this.base, afterRecord, this.arrContainer, out);
            if (next >= 0) {
              this.arrState = ArrState.CommaOrEnd;
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
    if (this.cap.active) this.cap.save(chunk, len);
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
    this.cap.begin(i, this.base + i);
    this.keys = 0;
  }

  /** The captured record went over a limit, at `depth` (within the record): stop keeping its bytes. */
  private overLimit(depth: number): void {
    this.cap.overLimit(depth > this.maxDepth ? 'PARSE_TOO_DEEP' : 'PARSE_TOO_MANY_KEYS');
  }

  /** Report the captured record that was not kept: over a limit, or larger than `maxRecordBytes`. */
  private tooLarge(out: ScanItem[], offset: number): void {
    const hit = this.cap.limitHit;
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
      const lines = this.lines.lines(chunk, i, this.base, out);
      if (lines > 0) return lines;
      const next = this.lines.line(chunk, i, this.base, out);
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
      this.windows.start(this.arrContainer);
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
    if (this.cap.kept) {
      // the object's text before the wrapper key: `{ ...keys..., ` → `{ ...keys... }`
      const before = this.keyStart > this.cap.offset ? this.cap.text(chunk, this.base, this.keyStart) : '{';
      meta = `${before.replace(/[\s,]*$/, '')}}`;
    }
    this.cap.drop();
    out.push({ kind: 'wrapper', key, meta, offset: this.objOffset });
    this.wrapped = true;
    this.mode = Mode.Arr;
    this.arrState = ArrState.ValueOrEnd;
    this.arrContainer = key;
    this.arrInObj = true;
    this.windows.start(this.arrContainer);
  }

  private closeObj(chunk: Buffer, i: number, out: ScanItem[]): number {
    this.mode = Mode.Top;
    if (!this.wrapped) {
      const text = this.cap.finish(chunk, i + 1);
      if (text === undefined) this.tooLarge(out, this.objOffset);
      else out.push({ kind: 'doc', text, offset: this.objOffset });
    }
    return i + 1;
  }

  private keyEnded(chunk: Buffer, end: number): void {
    this.objState = ObjState.Colon;
    this.pendingWrapper = undefined;
    if (this.wrapped || !this.cap.kept) return;
    const length = this.base + end - this.keyStart - 2;
    if (length !== 6 && length !== 7 && length !== 9) return;
    const from = this.keyStart + 1 - this.base;
    // the key lies in this chunk (the common case): compare in place
    const bytes =
      from >= 0 ? chunk : this.cap.bytes(chunk, this.base, this.keyStart + 1, this.base + end - 1);
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
        const text = this.cap.active ? this.cap.finish(chunk, end) : undefined;
        if (this.wrapped || text === undefined) {
          out.push({
            kind: 'error',
            code: this.wrapped ? 'PARSE_INVALID_JSON' : (this.cap.limitHit ?? 'PARSE_RECORD_TOO_LARGE'),
            detail: this.wrapped
              ? 'invalid JSON in the object around the records array'
              : this.cap.limitHit !== undefined
                ? limitDetail(this.cap.limitHit, this.checks)
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
        const offset = this.cap.offset;
        const container = this.ret === Ret.ArrValue ? this.arrContainer : 'top';
        this.mode = this.ret === Ret.ArrValue ? Mode.Arr : Mode.Top;
        const text = this.cap.finish(chunk, end);
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
