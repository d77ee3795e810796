import { ParseError } from '../errors';
import { setOrigin } from '../event/origin';
import type { TrailEvent } from '../event/trail-event';
import { ConfigError } from '../errors';
import { DEFAULT_CHECKS, type RecordChecks, recordFault } from './check-record';
import { limitDetail, MAX_DEPTH_CAP, mayExceedKeys, textOverLimits } from './limits';
import type { ParseOptions } from './types';
import { eventBridgeContent, isEventBridgeEvent } from './eventbridge';
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

/** The checks of {@link parseRecord}: the same options, and defaults, as `parse()`'s. */
export type RecordOptions = Pick<ParseOptions, 'maxDepth' | 'maxKeys' | 'requireFields'>;

function recordChecks(options: RecordOptions): RecordChecks {
  const maxDepth = options.maxDepth ?? DEFAULT_CHECKS.maxDepth;
  const maxKeys = options.maxKeys ?? DEFAULT_CHECKS.maxKeys;
  const checks = { maxDepth, maxKeys, requireFields: options.requireFields ?? DEFAULT_CHECKS.requireFields };
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_DEPTH_CAP) {
    throw new ConfigError('parseRecord', `maxDepth must be an integer from 1 to ${MAX_DEPTH_CAP}`);
  }
  if (!Number.isInteger(maxKeys) || maxKeys < 1) {
    throw new ConfigError('parseRecord', 'maxKeys must be a positive integer');
  }
  return checks;
}

/**
 * Parse one record's JSON text (e.g. one CloudWatch Logs message) into an event with its origin attached.
 * A `LookupEvents` result (`{"CloudTrailEvent":"..."}`) and an EventBridge event (`detail`) are unwrapped. The record is checked as `parse()`
 * checks it (`options`: `maxDepth`, `maxKeys`, `requireFields`, with the same defaults).
 *
 * @throws {ParseError} `PARSE_INVALID_JSON` if the text is not JSON, `PARSE_NOT_AN_OBJECT` if it is not an
 * object, `PARSE_NOT_CLOUDTRAIL` if it lacks the fields every CloudTrail event has, `PARSE_TOO_DEEP` /
 * `PARSE_TOO_MANY_KEYS` if it is over a limit.
 * @throws {ConfigError} when an option is invalid.
 */
export function parseRecord(
  json: string,
  where: RecordLocation = {},
  options: RecordOptions = {},
): TrailEvent {
  const checks = recordChecks(options);
  const location = {
    input: where.name ?? '<input>',
    offset: where.offset ?? 0,
    recordIndex: where.index ?? 0,
  };
  const read = (text: string, what: string): Record<string, unknown> => {
    if (mayExceedKeys(text.length, checks)) {
      const over = textOverLimits(text, checks);
      if (over !== undefined) throw new ParseError(over, `${what}: ${limitDetail(over, checks)}`, location);
    }
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
  let envelopeId: string | undefined;
  if (isEventBridgeEvent(value)) {
    const content = eventBridgeContent(value);
    if ('notCloudTrail' in content)
      throw new ParseError('PARSE_NOT_CLOUDTRAIL', content.notCloudTrail, location);
    value = content.record;
    envelopeId = content.envelopeId;
  }
  const fault = recordFault(value, checks);
  if (fault !== undefined) throw new ParseError(fault.code, fault.detail, location);
  const origin = { source: where.source ?? 'parse', object: location.input, index: location.recordIndex };
  return setOrigin(value as TrailEvent, envelopeId === undefined ? origin : { ...origin, envelopeId });
}
