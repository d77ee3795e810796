import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ParseError, getOrigin } from '@trailkit/core';
import { encodeSubscriptionPayload } from '@trailkit/testing';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../test/helpers';
import { decodeSubscriptionPayload } from './subscription-payload';

const realPayload = readFileSync(join(FIXTURES, 'otel-collector-contrib/cloudtrail_log_cw.json'));

describe('decodeSubscriptionPayload', () => {
  it('decodes a real DATA_MESSAGE delivered as gzip + base64 (Lambda awslogs.data)', () => {
    const document = JSON.parse(realPayload.toString('utf8'));
    const events = decodeSubscriptionPayload(gzipSync(realPayload).toString('base64'));
    expect(events).toHaveLength(document.logEvents.length);
    expect(events[0]).toEqual(JSON.parse(document.logEvents[0].message));
    expect(getOrigin(events[0]!)).toEqual({
      source: 'cloudwatch-logs',
      object: '/aws/cloudtrail/logs/123456789010_CloudTrail_us-east-1',
      index: 0,
    });
  });

  it('accepts raw gzip bytes (Kinesis record data)', () => {
    expect(decodeSubscriptionPayload(gzipSync(realPayload))).toHaveLength(1);
  });

  it('yields nothing for a CONTROL_MESSAGE', () => {
    const data = encodeSubscriptionPayload({
      messageType: 'CONTROL_MESSAGE',
      logGroup: '',
      logStream: '',
      logEvents: [{ timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }],
    });
    expect(decodeSubscriptionPayload(data)).toEqual([]);
  });

  it('throws typed errors for bad data, and skips bad messages with onInvalid', () => {
    expect(() => decodeSubscriptionPayload('bm90IGd6aXA=')).toThrow(
      expect.objectContaining({ code: 'PARSE_BAD_GZIP' }),
    );
    expect(() => decodeSubscriptionPayload(gzipSync('{"a":1}'))).toThrow(
      expect.objectContaining({ code: 'PARSE_UNKNOWN_SHAPE' }),
    );
    // the fields every CloudTrail event has (records without them are rejected)
    const a = { eventVersion: '1.08', eventID: 'a', eventTime: '2026-11-01T00:00:00Z' };
    const data = encodeSubscriptionPayload({
      logGroup: 'g',
      logStream: 's',
      logEvents: [
        { timestamp: 1, message: JSON.stringify(a) },
        { timestamp: 2, message: 'oops' },
      ],
    });
    expect(() => decodeSubscriptionPayload(data)).toThrow(
      expect.objectContaining({ code: 'PARSE_INVALID_JSON', input: 'g/s', recordIndex: 1 }),
    );
    const invalid: ParseError[] = [];
    expect(decodeSubscriptionPayload(data, { onInvalid: (e) => invalid.push(e) })).toEqual([a]);
    expect(ParseError.isInstance(invalid[0])).toBe(true);
  });
});
