import type { Readable } from 'node:stream';
import type { ParseError } from '../errors';

/** Bytes the parser accepts: a Node stream, a web stream, any async iterable of chunks, or one buffer. */
export type ByteInput =
  | Readable
  | NodeJS.ReadableStream
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Uint8Array;

/** Options of `parse()`. */
export interface ParseOptions {
  /** Name of the input, used in errors and as `origin.object` (file path, `s3://bucket/key`, ...). */
  name?: string;
  /** `origin.source` of every event (default `parse`). */
  source?: string;
  /** Events per yielded batch (default 50: the events of a batch stay alive until it is handed over, so a larger one costs GC and memory). */
  batchSize?: number;
  /** A single record larger than this (decompressed bytes) is a `PARSE_RECORD_TOO_LARGE` error (default 64 MiB). */
  maxRecordBytes?: number;
  /**
   * Called with each bad-input error. If it returns, the bad record is skipped and parsing goes on where
   * that is possible (or the input ends there when it is not, e.g. truncated JSON). If it throws, parsing
   * stops with that error. Without it, the first error is thrown. Records before the error are always
   * yielded first.
   */
  onInvalid?: (error: ParseError) => void;
}
