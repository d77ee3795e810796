/**
 * Two reference points for the parser benchmark, measured in the same run as the others, that show what a
 * `JSON.parse`-based parser can reach on this machine:
 *
 * - `prototype`: the "boundary-scanning prototype that calls `JSON.parse` per record", rebuilt from
 *   that description: streaming gunzip, a byte scanner that finds each record's bounds (strings, escapes,
 *   depth), one `JSON.parse` per record; no origins, no batches, no error handling or fallbacks.
 * - `json-parse-floor`: only `JSON.parse`, one call per record, on record strings cut out of the
 *   decompressed file before the clock starts (no I/O, no gunzip, no scanning, nothing attached). Its time
 *   is a floor for any parser that builds the same objects with `JSON.parse` on one thread; its peak RSS is
 *   meaningless (it holds the whole file to cut it).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { Shape } from './corpus';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const lines = (shape: Shape): boolean => shape === 'ndjson' || shape === 'lookup-ndjson';

/** The event of one record text (`LookupEvents` lines: the parsed `CloudTrailEvent` string). */
function parseRecord(shape: Shape, text: string): unknown {
  const value = JSON.parse(text);
  return shape === 'lookup-ndjson'
    ? JSON.parse((value as { CloudTrailEvent: string }).CloudTrailEvent)
    : value;
}

/** Backslashes right before `end`, not looking before `from` (an odd number escapes the byte at `end`). */
function trailingBackslashes(chunk: Buffer, from: number, end: number): number {
  let n = 0;
  while (end - n - 1 >= from && chunk[end - n - 1] === BACKSLASH) n++;
  return n;
}

/**
 * Finds record bounds over chunks (strings skipped with `Buffer#indexOf`): records are the objects that open at `depth` (0 for NDJSON lines, 2 for
 * `{"Records":[...]}`). Calls `onRecord` with each record's text.
 */
class BoundaryScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: Buffer[] = [];
  private recordStart = -1;

  constructor(
    private readonly recordDepth: number,
    private readonly onRecord: (text: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = this.recordStart >= 0 ? 0 : -1;
    let i = 0;
    while (i < chunk.length) {
      if (this.inString) {
        // to the closing quote: an unescaped one (preceded by an even number of backslashes)
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        const q = chunk.indexOf(QUOTE, i);
        if (q < 0) {
          this.escaped = trailingBackslashes(chunk, i, chunk.length) % 2 === 1;
          break;
        }
        if (trailingBackslashes(chunk, i, q) % 2 === 0) this.inString = false;
        i = q + 1;
        continue;
      }
      const c = chunk[i]!;
      if (c === QUOTE) {
        this.inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.depth === this.recordDepth && c === OPEN_BRACE) start = i;
        this.depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === this.recordDepth && start >= 0) {
          this.emit(chunk, start, i + 1);
          start = -1;
        }
      }
      i++;
    }
    this.recordStart = start;
    if (start >= 0) this.parts.push(chunk.subarray(start));
  }

  private emit(chunk: Buffer, start: number, end: number): void {
    if (this.parts.length === 0) {
      this.onRecord(chunk.toString('utf8', start, end));
      return;
    }
    this.parts.push(chunk.subarray(0, end));
    this.onRecord(Buffer.concat(this.parts).toString('utf8'));
    this.parts = [];
  }
}

/** The prototype: streaming gunzip, record bounds scanned, `JSON.parse` per record. */
export async function prototype(path: string, shape: Shape): Promise<number> {
  let n = 0;
  const scanner = new BoundaryScanner(lines(shape) ? 0 : 2, (text) => {
    parseRecord(shape, text);
    n++;
  });
  for await (const chunk of createReadStream(path).pipe(createGunzip())) scanner.push(chunk as Buffer);
  return n;
}

/** `JSON.parse` alone on records cut out before the clock starts; returns the count and the parse time. */
export function jsonParseFloor(path: string, shape: Shape): { events: number; ms: number } {
  const texts: string[] = [];
  const scanner = new BoundaryScanner(lines(shape) ? 0 : 2, (text) => texts.push(text));
  scanner.push(gunzipSync(readFileSync(path)));
  const start = performance.now();
  for (const text of texts) parseRecord(shape, text);
  return { events: texts.length, ms: performance.now() - start };
}
