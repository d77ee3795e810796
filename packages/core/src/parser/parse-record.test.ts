import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors';
import { getOrigin } from '../event/origin';
import { parseRecord } from './parse-record';

/** Bare records such as `{"eventName":"X"}`: read without the CloudTrail field check (tested below). */
const FRAMING = { requireFields: false } as const;

describe('parseRecord()', () => {
  it('parses one record and attaches its origin', () => {
    const event = parseRecord(
      '{"eventName":"PutObject"}',
      {
        source: 'cloudwatch-logs',
        name: 'group/stream',
        index: 4,
      },
      FRAMING,
    );
    expect(event).toEqual({ eventName: 'PutObject' });
    expect(getOrigin(event)).toEqual({ source: 'cloudwatch-logs', object: 'group/stream', index: 4 });
  });

  it('unwraps a LookupEvents result', () => {
    expect(parseRecord(JSON.stringify({ CloudTrailEvent: '{"eventName":"X"}' }), {}, FRAMING)).toEqual({
      eventName: 'X',
    });
  });

  it('throws ParseError for invalid JSON and non-objects', () => {
    const bad = (() => {
      try {
        parseRecord('{"a":', { name: 'm', index: 2, offset: 10 });
      } catch (error) {
        return error;
      }
    })();
    expect(ParseError.isInstance(bad) && [bad.code, bad.input, bad.recordIndex, bad.offset]).toEqual([
      'PARSE_INVALID_JSON',
      'm',
      2,
      10,
    ]);
    expect(() => parseRecord('[1]')).toThrow(/not an object/);
    expect(() => parseRecord('null')).toThrow(ParseError);
  });
});
