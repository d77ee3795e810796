import { ConfigError, ParseError, type ParseErrorCode } from '../errors';
import { setOrigin } from '../event/origin';
import type { TrailEvent } from '../event/trail-event';
import { type RecordChecks, recordFault } from './check-record';
import { decodedBytes, pieces, wholeBytes } from './decoded-bytes';
import { InputFailure } from './input-failure';
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_KEYS,
  limitDetail,
  MAX_DEPTH_CAP,
  mayExceedKeys,
  textOverLimits,
} from './limits';
import { type Container, RecordScanner, type ScanItem } from './scanner';
import { eventBridgeContent, isEventBridgeEvent } from './eventbridge';
import { documentKind, isLookupResult, isObject } from './shapes';
import type { ByteInput, ParseOptions } from './types';
import { wholeRecords } from './whole-document';

const DEFAULT_BATCH_SIZE = 50;
const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** A record-level problem found while interpreting one record's text (a class, so that it is never mistaken for an event). */
class Problem {
  constructor(
    readonly code: ParseErrorCode,
    readonly detail: string,
  ) {}
}

function problem(code: ParseErrorCode, detail: string): Problem {
  return new Problem(code, detail);
}

function jsonProblem(error: unknown, what: string): Problem {
  const why = error instanceof Error ? error.message : String(error);
  return problem('PARSE_INVALID_JSON', `${what} is not valid JSON: ${why}`);
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Parse the JSON text held in a string field (`CloudTrailEvent`, `message`) into a record. A text long
 * enough to hold more than `maxKeys` keys is measured before `JSON.parse` (it was not scanned: it is a
 * string); the parsed record is checked by the caller.
 */
function innerRecord(text: string, field: string, checks: RecordChecks): TrailEvent | Problem {
  if (mayExceedKeys(text.length, checks)) {
    const over = textOverLimits(text, checks);
    if (over !== undefined) return problem(over, `the ${field} string: ${limitDetail(over, checks)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return jsonProblem(error, `the ${field} string`);
  }
  if (!isObject(value)) return problem('PARSE_NOT_AN_OBJECT', `the ${field} string holds ${typeName(value)}`);
  return value as TrailEvent;
}

/** Source bytes of the records of a scanned item (0 for items that hold none). */
function sourceBytes(item: ScanItem): number {
  switch (item.kind) {
    case 'record':
    case 'doc':
      return item.text.length;
    case 'records':
    case 'value':
      return item.bytes;
    default:
      return 0;
  }
}

/** A positive integer option (at most `max`), or its default. */
function positiveInteger(
  options: ParseOptions,
  key: keyof ParseOptions,
  fallback: number,
  max = Infinity,
): number {
  const value = options[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    const range = max === Infinity ? 'a positive integer' : `an integer from 1 to ${max}`;
    throw new ConfigError('parse', `${key} must be ${range} (got ${String(options[key])})`);
  }
  return value;
}

interface Settings {
  batchSize: number;
  maxBatchBytes: number;
  maxRecordBytes: number;
  checks: RecordChecks;
}

function checkOptions(options: ParseOptions): Settings {
  const batchSize = positiveInteger(options, 'batchSize', DEFAULT_BATCH_SIZE);
  const maxBatchBytes = positiveInteger(options, 'maxBatchBytes', DEFAULT_MAX_BATCH_BYTES);
  const maxRecordBytes = positiveInteger(options, 'maxRecordBytes', DEFAULT_MAX_RECORD_BYTES);
  const maxDepth = positiveInteger(options, 'maxDepth', DEFAULT_MAX_DEPTH, MAX_DEPTH_CAP);
  const maxKeys = positiveInteger(options, 'maxKeys', DEFAULT_MAX_KEYS);
  if (options.requireFields !== undefined && typeof options.requireFields !== 'boolean') {
    throw new ConfigError('parse', 'requireFields must be a boolean');
  }
  if (options.onInvalid !== undefined && typeof options.onInvalid !== 'function') {
    throw new ConfigError('parse', 'onInvalid must be a function');
  }
  const requireFields = options.requireFields ?? true;
  return { batchSize, maxBatchBytes, maxRecordBytes, checks: { maxDepth, maxKeys, requireFields } };
}

/**
 * The records of decompressed bytes held whole, if they are a clean CloudTrail log file smaller than a
 * batch's bytes (and than `maxRecordBytes`: no record in it can be too large); `undefined` to scan them.
 */
function cleanRecords(whole: Buffer, settings: Settings): Record<string, unknown>[] | undefined {
  if (whole.length >= settings.maxBatchBytes || whole.length > settings.maxRecordBytes) return undefined;
  return wholeRecords(whole, settings.checks);
}

/**
 * The synchronous fast path of {@link parse} for an input held whole: every event of a small clean
 * CloudTrail log file (gzip of at most 4 MiB, decompressed and parsed in one call each), with its origin
 * set as `parse()` sets it, or `undefined` when the input needs `parse()` (another shape, a bad record, a
 * larger input: `parse()` then reports every problem at its offset). Internal: the files source and the
 * pipeline's workers read a small file with no async step.
 * @throws {ConfigError} when an option is invalid.
 */
export function parseClean(input: Uint8Array, options: ParseOptions = {}): TrailEvent[] | undefined {
  const whole = wholeBytes(input);
  if (whole === undefined) return undefined;
  const records = cleanRecords(whole, checkOptions(options));
  if (records === undefined) return undefined;
  const object = options.name ?? '<input>';
  const source = options.source ?? 'parse';
  for (let k = 0; k < records.length; k++) setOrigin(records[k] as TrailEvent, { source, object, index: k });
  return records as TrailEvent[];
}

/**
 * Stream CloudTrail events out of bytes, in batches.
 *
 * Accepts a Node `Readable`, a web `ReadableStream`, any `AsyncIterable<Uint8Array>` or one `Uint8Array`;
 * gzip (one or several concatenated members) is detected by its magic bytes. Shapes recognised: a CloudTrail
 * log file (`{"Records":[...]}`, other keys allowed around `Records`), a JSON array of records, NDJSON (or
 * any sequence of JSON values), a single event object, a CloudWatch Logs subscription payload (`logEvents`
 * messages; `CONTROL_MESSAGE` yields nothing), `LookupEvents` results (`CloudTrailEvent` strings, as lines,
 * an array or `{"Events":[...]}`), EventBridge events of CloudTrail (`detail-type` `AWS API Call via
 * CloudTrail`, ...: the record is `detail`, the envelope's `id` is `origin.envelopeId`; in any of these shapes,
 * and as the bodies of a Lambda SQS event's messages), and digest files (recognised; they yield no events,
 * see {@link parseDigest}). An EventBridge event of another kind is `PARSE_NOT_CLOUDTRAIL`. A UTF-8 byte order mark at the start is skipped.
 *
 * Memory is bounded by the largest single record (plus one decompressed chunk): a stream is never held
 * whole. An input given whole (a `Uint8Array`) of at most 4 MiB of gzip is decompressed in one call (at
 * most 64 MiB out, else streamed), and if it then is a clean CloudTrail log file smaller than
 * `maxBatchBytes` it is parsed with one `JSON.parse` call (the per-file cost of small files); anything else
 * goes through the streaming scanner. Each event gets its origin (`getOrigin(event)`): `{ source, object: name, index }`.
 *
 * Only CloudTrail events are delivered: a record needs a string `eventVersion`, a string `eventID` and a
 * string `eventTime` (or `@timestamp`, as Logstash writes it); others are `PARSE_NOT_CLOUDTRAIL` (see
 * `requireFields`). A record nested deeper than `maxDepth` (512) or with more members and elements than
 * `maxKeys` (100,000) is `PARSE_TOO_DEEP` / `PARSE_TOO_MANY_KEYS` (a record read byte by byte is measured
 * while its bytes are scanned, before it is parsed; one parsed in a window of at most 64 KiB, after). A batch is handed over at `batchSize` events or once its records' bytes would pass
 * `maxBatchBytes` (4 MiB).
 *
 * Bad input raises a `ParseError` naming the input, the decompressed byte offset and the record index;
 * events before it are always yielded first. With `onInvalid`, record-level problems (not an object, not a
 * CloudTrail event, invalid JSON, too large, too deep, too many keys, junk between records) are reported
 * and skipped; after an unrecoverable one
 * (truncated JSON or gzip, corrupt gzip) the input ends there. A failure of the input itself (a stream
 * error) is thrown as `PARSE_INPUT_ERROR` and never passed to `onInvalid`.
 *
 * @throws {ConfigError} when an option is invalid (on the first iteration).
 * @throws {ParseError} on bad input (unless `onInvalid` returns).
 */
export async function* parse(input: ByteInput, options: ParseOptions = {}): AsyncGenerator<TrailEvent[]> {
  const settings = checkOptions(options);
  const { batchSize, maxBatchBytes, maxRecordBytes, checks } = settings;
  const name = options.name ?? '<input>';
  const source = options.source ?? 'parse';
  const onInvalid = options.onInvalid;
  const scanner = new RecordScanner(maxRecordBytes, checks, maxBatchBytes);
  const items: ScanItem[] = [];
  let index = 0;
  let batch: TrailEvent[] = [];
  /** Source bytes of the records in `batch` (for `maxBatchBytes`). */
  let batchBytes = 0;
  let bytes = 0;
  /** Current `CONTROL_MESSAGE` subscription payload: its log events are not records. */
  let control = false;

  const emit = (event: TrailEvent, envelopeId?: string): void => {
    setOrigin(
      event,
      envelopeId === undefined
        ? { source, object: name, index: index++ }
        : { source, object: name, index: index++, envelopeId },
    );
    batch.push(event);
  };
  /**
   * Emit a parsed record that the scanner has not checked (the record inside an EventBridge event when it
   * is one), or return why it is not an event.
   */
  const accept = (value: Record<string, unknown>): Problem | undefined => {
    let record = value;
    let envelopeId: string | undefined;
    if (isEventBridgeEvent(value)) {
      const content = eventBridgeContent(value);
      if ('notCloudTrail' in content) return problem('PARSE_NOT_CLOUDTRAIL', content.notCloudTrail);
      record = content.record;
      envelopeId = content.envelopeId;
    }
    const fault = recordFault(record, checks);
    if (fault !== undefined) return problem(fault.code, fault.detail);
    emit(record as TrailEvent, envelopeId);
    return undefined;
  };
  const error = (code: ParseErrorCode, detail: string, offset: number, cause?: unknown): ParseError =>
    new ParseError(code, detail, { input: name, offset, recordIndex: index }, { cause });

  /** Interpret one record of a container; returns a problem to report, or undefined. */
  const record = (text: string, container: Container): Problem | undefined => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      return jsonProblem(cause, 'the record');
    }
    return recordValue(value, container);
  };

  /** Interpret one parsed record of a container. */
  const recordValue = (value: unknown, container: Container): Problem | undefined => {
    if (!isObject(value))
      return problem('PARSE_NOT_AN_OBJECT', `the record is ${typeName(value)}, not an object`);
    if (container === 'Records') {
      // an SQS message of a Lambda SQS event (`{"Records":[{"messageId","body"}]}`): the body is the record
      if (typeof value.body === 'string' && typeof value.messageId === 'string') {
        const inner = innerRecord(value.body, 'SQS message body', checks);
        return inner instanceof Problem ? inner : accept(inner);
      }
      return accept(value);
    }
    if (container === 'logEvents') {
      if (typeof value.message !== 'string') {
        return problem('PARSE_UNKNOWN_SHAPE', 'the log event has no "message" string');
      }
      // a health check whose messageType came after logEvents (CloudWatch Logs writes it first)
      if (value.message.startsWith('CWL CONTROL MESSAGE')) return undefined;
      const inner = innerRecord(value.message, 'log event message', checks);
      return inner instanceof Problem ? inner : accept(inner);
    }
    if (isLookupResult(value)) {
      const inner = innerRecord(value.CloudTrailEvent, 'CloudTrailEvent', checks);
      return inner instanceof Problem ? inner : accept(inner);
    }
    if (container === 'Events') {
      return problem('PARSE_UNKNOWN_SHAPE', 'the LookupEvents result has no "CloudTrailEvent" string');
    }
    return accept(value);
  };

  /**
   * The common top-level objects of NDJSON (an event, or a `LookupEvents` result with a good inner string),
   * without a generator per line: emits it and returns true; anything else (or a problem) is left to
   * {@link documentValue}.
   */
  const plainDocument = (value: unknown): boolean => {
    if (!isObject(value) || Array.isArray(value.Records) || Array.isArray(value.logEvents)) return false;
    if (Array.isArray(value.Events)) return false;
    const kind = documentKind(value);
    if (kind === 'event' || kind === 'eventbridge') return accept(value) === undefined;
    if (kind !== 'lookup') return false;
    const inner = innerRecord(
      (value as { CloudTrailEvent: string }).CloudTrailEvent,
      'CloudTrailEvent',
      checks,
    );
    return !(inner instanceof Problem) && accept(inner) === undefined;
  };

  /** Interpret a whole top-level object: a wrapper of records, or one document (event, digest, ...). */
  function* documentValue(value: unknown, offset: number): Generator<ParseError, void> {
    if (!isObject(value)) {
      yield error('PARSE_NOT_AN_OBJECT', `the value is ${typeName(value)}`, offset);
      index++;
      return;
    }
    const wrapped = Array.isArray(value.Records)
      ? { list: value.Records, container: 'Records' as const }
      : Array.isArray(value.logEvents)
        ? { list: value.logEvents, container: 'logEvents' as const }
        : Array.isArray(value.Events)
          ? { list: value.Events, container: 'Events' as const }
          : undefined;
    if (wrapped !== undefined) {
      const skip =
        wrapped.container === 'logEvents' &&
        typeof value.messageType === 'string' &&
        value.messageType !== 'DATA_MESSAGE';
      if (skip) return;
      for (const element of wrapped.list) {
        const p = recordValue(element, wrapped.container);
        if (p !== undefined) {
          yield error(p.code, p.detail, offset);
          index++;
        }
      }
      return;
    }
    let p: Problem | undefined;
    switch (documentKind(value)) {
      case 'unknown':
        p = problem('PARSE_UNKNOWN_SHAPE', 'object has a "Records" or "Events" key that is not an array');
        break;
      case 'lookup': {
        const text = (value as { CloudTrailEvent: string }).CloudTrailEvent;
        const inner = innerRecord(text, 'CloudTrailEvent', checks);
        p = inner instanceof Problem ? inner : accept(inner);
        break;
      }
      case 'event':
      case 'eventbridge':
        p = accept(value);
        break;
      default:
        break;
    }
    if (p !== undefined) {
      yield error(p.code, p.detail, offset);
      index++;
    }
  }

  /**
   * Process scanned items; yields the errors to report (in order), `'fatal'` when input must end, and
   * `'flush'` when the batch's records reached `maxBatchBytes`.
   */
  function* handle(): Generator<ParseError | 'fatal' | 'flush', void> {
    for (const item of items) {
      const size = sourceBytes(item);
      if (size > 0 && batch.length > 0 && batchBytes + size > maxBatchBytes) yield 'flush';
      batchBytes += size;
      switch (item.kind) {
        case 'record': {
          if (control && item.container === 'logEvents') break;
          const p = record(item.text, item.container);
          if (p !== undefined) {
            yield error(p.code, p.detail, item.offset);
            index++;
          }
          break;
        }
        case 'records': {
          const values = item.values;
          if (checks.requireFields) {
            // an EventBridge event lacks the required fields, so the scanner never passes one here
            for (let k = 0; k < values.length; k++) emit(values[k] as TrailEvent);
          } else {
            for (let k = 0; k < values.length; k++) {
              const p = accept(values[k] as Record<string, unknown>);
              if (p !== undefined) {
                yield error(p.code, p.detail, item.offset);
                index++;
              }
            }
          }
          break;
        }
        case 'doc': {
          let value: unknown;
          try {
            value = JSON.parse(item.text);
          } catch (cause) {
            const p = jsonProblem(cause, 'the JSON object');
            yield error(p.code, p.detail, item.offset);
            index++;
            break;
          }
          yield* documentValue(value, item.offset);
          break;
        }
        case 'value':
          if (!plainDocument(item.value)) yield* documentValue(item.value, item.offset);
          break;
        case 'wrapper': {
          control = false;
          if (item.key === 'logEvents') {
            try {
              const meta: unknown = JSON.parse(item.meta);
              control =
                isObject(meta) && typeof meta.messageType === 'string' && meta.messageType !== 'DATA_MESSAGE';
            } catch {
              control = false;
            }
          }
          break;
        }
        case 'error': {
          yield error(item.code, item.detail, item.offset);
          if (item.isRecord) index++;
          if (item.fatal) yield 'fatal';
          break;
        }
      }
      if (batchBytes >= maxBatchBytes) {
        if (batch.length > 0) yield 'flush';
        else batchBytes = 0;
      }
    }
    items.length = 0;
  }

  /** Hand over the current batch (if any). */
  const take = (): TrailEvent[] => {
    const full = batch;
    batch = [];
    batchBytes = 0;
    return full;
  };

  /** Batches of `batch`, at most `batchSize` events each. */
  function* batches(): Generator<TrailEvent[]> {
    const all = take();
    if (all.length <= batchSize) {
      if (all.length > 0) yield all;
      return;
    }
    // cut by index: re-slicing the rest after each batch would copy it once per batch
    for (let at = 0; at < all.length; at += batchSize) yield all.slice(at, at + batchSize);
  }

  // A small input given whole: decompressed in one call and, if it is a clean CloudTrail log file, parsed
  // in one call too (see `cleanRecords`). Anything else is scanned.
  const whole = input instanceof Uint8Array ? wholeBytes(input) : undefined;
  const records = whole !== undefined ? cleanRecords(whole, settings) : undefined;
  if (records !== undefined) {
    for (let k = 0; k < records.length; k++) emit(records[k] as TrailEvent);
    yield* batches();
    return;
  }

  try {
    let ended = false;
    for await (const chunk of whole !== undefined ? pieces(whole) : decodedBytes(input)) {
      scanner.push(chunk, items);
      bytes += chunk.length;
      for (const reported of handle()) {
        if (reported === 'fatal') {
          ended = true;
          break;
        }
        if (batch.length > 0) yield take();
        if (reported === 'flush') continue;
        if (onInvalid === undefined) throw reported;
        onInvalid(reported);
      }
      if (ended) break;
      while (batch.length >= batchSize) {
        if (batch.length === batchSize) {
          yield take();
          break;
        }
        const full = batch.slice(0, batchSize);
        batch = batch.slice(batchSize);
        yield full;
      }
    }
    if (!ended) {
      scanner.end(items);
      for (const reported of handle()) {
        if (reported === 'fatal') break;
        if (batch.length > 0) yield take();
        if (reported === 'flush') continue;
        if (onInvalid === undefined) throw reported;
        onInvalid(reported);
      }
    }
  } catch (caught) {
    if (!(caught instanceof InputFailure)) throw caught;
    if (batch.length > 0) yield take();
    const failure = error(caught.code, caught.message, bytes, caught.cause);
    if (caught.code === 'PARSE_INPUT_ERROR' || onInvalid === undefined) throw failure;
    onInvalid(failure);
    return;
  }
  while (batch.length > 0) {
    const full = batch.slice(0, batchSize);
    batch = batch.slice(batchSize);
    yield full;
  }
}
