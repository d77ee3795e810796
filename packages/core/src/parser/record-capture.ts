/**
 * The bytes of the record (or top-level document) being scanned, kept across chunks: the scanner marks
 * where it starts, copies what a chunk holds of it when the chunk ends, and takes its text when it ends.
 * Bytes stop being kept once the record is larger than `maxRecordBytes` or went over a limit.
 */

import type { LimitCode } from './limits';

export class RecordCapture {
  readonly #maxRecordBytes: number;
  /** Bytes of a record are being kept. */
  active = false;
  /** Start of the record in the current chunk (0 once the record began in an earlier chunk). */
  start = 0;
  /** Absolute offset of the record's first byte. */
  offset = 0;
  #parts: Buffer[] = [];
  #length = 0;
  /** The record is larger than `maxRecordBytes` (its bytes are no longer kept). */
  tooLarge = false;
  /** The limit the record went over (its bytes are then no longer kept). */
  limitHit: LimitCode | undefined;

  constructor(maxRecordBytes: number) {
    this.#maxRecordBytes = maxRecordBytes;
  }

  /** Whether the record's bytes are still kept (not too large, no limit hit). */
  get kept(): boolean {
    return this.active && !this.tooLarge && this.limitHit === undefined;
  }

  /** A record starts at `i` of the current chunk, at absolute offset `offset`. */
  begin(i: number, offset: number): void {
    this.active = true;
    this.start = i;
    this.offset = offset;
    this.#parts = [];
    this.#length = 0;
    this.tooLarge = false;
    this.limitHit = undefined;
  }

  /** The record went over a limit: stop keeping its bytes (the first limit hit is the one reported). */
  overLimit(code: LimitCode): void {
    if (this.limitHit !== undefined || !this.active) return;
    this.limitHit = code;
    this.#parts = [];
  }

  /** Stop capturing, dropping what was kept. */
  drop(): void {
    this.active = false;
    this.#parts = [];
    this.limitHit = undefined;
  }

  /** At the end of a chunk: keep a copy of the captured bytes (the chunk itself is not retained). */
  save(chunk: Buffer, len: number): void {
    if (!this.tooLarge && this.limitHit === undefined && this.start < len) {
      const n = len - this.start;
      if (this.#length + n > this.#maxRecordBytes) {
        this.tooLarge = true;
        this.#parts = [];
      } else {
        this.#parts.push(Buffer.from(chunk.subarray(this.start, len)));
        this.#length += n;
      }
    }
    this.start = 0;
  }

  /** The record ended at `end` of the current chunk: its text, or `undefined` if it was not kept. */
  finish(chunk: Buffer, end: number): string | undefined {
    this.active = false;
    if (
      this.tooLarge ||
      this.limitHit !== undefined ||
      this.#length + (end - this.start) > this.#maxRecordBytes
    ) {
      this.#parts = [];
      return undefined;
    }
    if (this.#parts.length === 0) return chunk.toString('utf8', this.start, end);
    this.#parts.push(chunk.subarray(this.start, end));
    const text = Buffer.concat(this.#parts).toString('utf8');
    this.#parts = [];
    return text;
  }

  /**
   * Bytes between two absolute offsets that lie within the capture (for short keys); `base` is the
   * absolute offset of the current chunk.
   */
  bytes(chunk: Buffer, base: number, from: number, to: number): Buffer {
    const chunkFrom = from - base;
    if (chunkFrom >= 0) return chunk.subarray(chunkFrom, to - base);
    const all = Buffer.concat([...this.#parts, chunk.subarray(this.start, to - base)]);
    return all.subarray(from - this.offset, to - this.offset);
  }

  /** The captured text from the record's start up to `to` (an absolute offset in the current chunk). */
  text(chunk: Buffer, base: number, to: number): string {
    return this.bytes(chunk, base, this.offset, to).toString('utf8');
  }
}
