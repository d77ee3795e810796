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
   * A batch is handed over once its records' source bytes reach this, even if it has fewer than
   * `batchSize` events (default 4 MiB): a few large records never make one huge batch.
   */
  maxBatchBytes?: number;
  /**
   * A record nested deeper than this is a `PARSE_TOO_DEEP` error (default 512, at most 4096; the record
   * object itself is level 1). Deep values break recursive consumers (`JSON.stringify`, sinks, rules).
   */
  maxDepth?: number;
  /**
   * A record with more members and elements than this (all its objects and arrays together; an empty
   * `{}` or `[]` counts as one) is a `PARSE_TOO_MANY_KEYS` error (default 100,000). It bounds the memory
   * of one parsed record (~175 bytes per key): it is checked before the record is parsed.
   */
  maxKeys?: number;
  /**
   * Require the fields every CloudTrail event has: a string `eventVersion`, a string `eventID` and a
   * string `eventTime` (or `@timestamp`, as Logstash writes it); a record without them is a
   * `PARSE_NOT_CLOUDTRAIL` error (default `true`). `false` reads any JSON object as an event, with the
   * same shapes, limits and errors otherwise; the sources always check.
   */
  requireFields?: boolean;
  /**
   * Called with each bad-input error. If it returns, the bad record is skipped and parsing goes on where
   * that is possible (or the input ends there when it is not, e.g. truncated JSON). If it throws, parsing
   * stops with that error. Without it, the first error is thrown. Records before the error are always
   * yielded first.
   */
  onInvalid?: (error: ParseError) => void;
}
