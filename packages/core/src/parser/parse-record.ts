import { ParseError } from '../errors';
import { setOrigin } from '../event/origin';
import type { TrailEvent } from '../event/trail-event';
import { isLookupResult, isObject } from './shapes';

/** Where a single record came from (for errors and the event's origin). */
export interface RecordLocation {
  /** `origin.source` (default `parse`). */
  source?: string;
  /** The input's name: `origin.object` and the error's `input` (default `<input>`). */
  name?: string;
  /** The record's index within its input (default 0). */
  index?: number;
  /** Byte offset of the record within its input, for errors (default 0). */
  offset?: number;
}

/**
 * Parse one record's JSON text (e.g. one CloudWatch Logs message) into an event with its origin attached.
 * A `LookupEvents` result (`{"CloudTrailEvent":"..."}`) is unwrapped.
 *
 * @throws {ParseError} `PARSE_INVALID_JSON` if the text is not JSON, `PARSE_NOT_AN_OBJECT` if it is not an
 * object.
 */
export function parseRecord(json: string, where: RecordLocation = {}): TrailEvent {
  const location = {
    input: where.name ?? '<input>',
    offset: where.offset ?? 0,
    recordIndex: where.index ?? 0,
  };
  const read = (text: string, what: string): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new ParseError('PARSE_INVALID_JSON', `${what} is not valid JSON: ${why}`, location, { cause });
    }
    if (!isObject(value)) {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      throw new ParseError('PARSE_NOT_AN_OBJECT', `${what} is ${kind}, not an object`, location);
    }
    return value;
  };
  let value = read(json, 'the record');
  if (isLookupResult(value)) value = read(value.CloudTrailEvent, 'the CloudTrailEvent string');
  return setOrigin(value as TrailEvent, {
    source: where.source ?? 'parse',
    object: location.input,
    index: location.recordIndex,
  });
}
