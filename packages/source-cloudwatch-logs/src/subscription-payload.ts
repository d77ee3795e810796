import { gunzipSync } from 'node:zlib';
import { ParseError, type TrailEvent, parseRecord } from '@trailkit/core';

/** Options of {@link decodeSubscriptionPayload}. */
export interface DecodeSubscriptionOptions {
  /**
   * Called with each log event whose message is not a JSON object; that event is skipped. Without it,
   * the first bad message throws.
   */
  onInvalid?: (error: ParseError) => void;
}

const NAME = 'awslogs';

/**
 * Decode a CloudWatch Logs subscription payload, as delivered to Lambda (`event.awslogs.data`) or in a
 * Kinesis record (base64 text, or the raw gzip bytes), into CloudTrail events. A `CONTROL_MESSAGE` yields
 * no events. Each event's origin is `{ source: 'cloudwatch-logs', object: '<logGroup>/<logStream>', index }`
 * with the log event's index in the payload.
 *
 * @throws ParseError `PARSE_BAD_GZIP` when the data is not gzip, `PARSE_INVALID_JSON` /
 * `PARSE_UNKNOWN_SHAPE` when the document is not a subscription payload, and the message's error (e.g.
 * `PARSE_INVALID_JSON`, naming the log group/stream and index) for a bad message without `onInvalid`.
 */
export function decodeSubscriptionPayload(
  data: string | Uint8Array,
  options: DecodeSubscriptionOptions = {},
): TrailEvent[] {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'base64') : Buffer.from(data);
  const where = { input: NAME, offset: 0, recordIndex: 0 };
  let text: string;
  try {
    text = gunzipSync(bytes).toString('utf8');
  } catch (error) {
    throw new ParseError('PARSE_BAD_GZIP', `subscription payload is not gzip data: ${String(error)}`, where, {
      cause: error,
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ParseError(
      'PARSE_INVALID_JSON',
      `subscription payload is not valid JSON: ${String(error)}`,
      where,
      {
        cause: error,
      },
    );
  }
  const payload = document as {
    messageType?: unknown;
    logGroup?: unknown;
    logStream?: unknown;
    logEvents?: unknown;
  };
  if (typeof document !== 'object' || document === null || !Array.isArray(payload.logEvents)) {
    throw new ParseError(
      'PARSE_UNKNOWN_SHAPE',
      'not a CloudWatch Logs subscription payload (no logEvents)',
      where,
    );
  }
  if (payload.messageType === 'CONTROL_MESSAGE') return [];
  if (payload.messageType !== 'DATA_MESSAGE') {
    throw new ParseError(
      'PARSE_UNKNOWN_SHAPE',
      `unknown messageType ${JSON.stringify(payload.messageType)}`,
      where,
    );
  }
  const name = `${String(payload.logGroup)}/${String(payload.logStream)}`;
  const events: TrailEvent[] = [];
  for (const [index, logEvent] of (payload.logEvents as Array<{ message?: unknown }>).entries()) {
    try {
      const message = logEvent?.message;
      if (typeof message !== 'string') {
        throw new ParseError('PARSE_NOT_AN_OBJECT', 'log event has no message string', {
          input: name,
          offset: 0,
          recordIndex: index,
        });
      }
      events.push(parseRecord(message, { source: 'cloudwatch-logs', name, index }));
    } catch (error) {
      if (!ParseError.isInstance(error) || !options.onInvalid) throw error;
      options.onInvalid(error);
    }
  }
  return events;
}
