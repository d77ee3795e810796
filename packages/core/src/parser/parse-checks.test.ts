import { describe, expect, it } from 'vitest';
import { collect, collectSkipping, collectUntilError } from '../../test/parser-helpers';
import { ParseError } from '../errors';
import { getOrigin } from '../event/origin';
import { parseRecord } from './parse-record';

const enc = (text: string): Buffer => Buffer.from(text, 'utf8');
/** A minimal CloudTrail event: the fields every record has. */
const ev = (n: number, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  eventID: `id-${n}`,
  eventTime: '2023-07-10T12:00:00Z',
  ...extra,
});

describe('parse(): records that are not CloudTrail events', () => {
  it('rejects {"hello":"world"} and {"Records":[{"foo":1}]} with PARSE_NOT_CLOUDTRAIL, naming input, offset and index', async () => {
    const hello = await collectUntilError(enc('{"hello":"world"}'), { name: 'logs/x.json' });
    expect(hello.events).toEqual([]);
    expect(ParseError.isInstance(hello.error)).toBe(true);
    expect([hello.error?.code, hello.error?.input, hello.error?.offset, hello.error?.recordIndex]).toEqual([
      'PARSE_NOT_CLOUDTRAIL',
      'logs/x.json',
      0,
      0,
    ]);
    expect(hello.error?.message).toMatch(/eventVersion, eventID, eventTime \(or @timestamp\)/);
    const text = `{"Records":[${JSON.stringify(ev(0))},{"foo":1},${JSON.stringify(ev(2))}]}`;
    const { events, errors } = await collectSkipping(enc(text), { name: 'f' });
    expect(events.map((e) => e.eventID)).toEqual(['id-0', 'id-2']);
    expect(events.map((e) => getOrigin(e)?.index)).toEqual([0, 2]);
    expect(errors.map((e) => [e.code, e.offset, e.recordIndex])).toEqual([
      ['PARSE_NOT_CLOUDTRAIL', text.indexOf('{"foo"'), 1],
    ]);
  });

  it('accepts Insight events (no eventSource, eventName, userIdentity) and Logstash records (@timestamp)', async () => {
    const insight = {
      eventVersion: '1.07',
      eventTime: '2023-07-10T12:00:00Z',
      awsRegion: 'us-east-1',
      eventID: 'i-1',
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: '111122223333',
      sharedEventID: 's',
      insightDetails: { state: 'Start' },
      eventCategory: 'Insight',
    };
    const logstash = { eventVersion: '1.08', eventID: 'l-1', '@timestamp': '2023-07-10T12:00:00.000Z' };
    const { events } = await collect(enc(`${JSON.stringify(insight)}\n${JSON.stringify(logstash)}\n`));
    expect(events).toEqual([insight, logstash]);
  });

  it('requires strings: a numeric eventID or a null eventTime is not a CloudTrail event', async () => {
    const bad = [ev(0, { eventID: 7 }), ev(1, { eventTime: null }), ev(2, { eventVersion: undefined })];
    const { events, errors } = await collectSkipping(enc(JSON.stringify(bad)));
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(Array(3).fill('PARSE_NOT_CLOUDTRAIL'));
  });

  it('finds the bad record among many window-parsed ones, at its own offset, in every shape', async () => {
    const list = Array.from({ length: 3000 }, (_, k) => (k === 1234 ? { foo: k } : ev(k)));
    const array = JSON.stringify({ Records: list });
    const lines = `${list.map((r) => JSON.stringify(r)).join('\n')}\n`;
    const lookup = `${list.map((r) => JSON.stringify({ CloudTrailEvent: JSON.stringify(r) })).join('\n')}\n`;
    for (const [shape, text, needle] of [
      ['records', array, '{"foo":1234}'],
      ['ndjson', lines, '{"foo":1234}'],
      ['lookup', lookup, JSON.stringify({ CloudTrailEvent: '{"foo":1234}' })],
    ] as const) {
      const { events, errors } = await collectSkipping(enc(text));
      expect(events.length, shape).toBe(2999);
      expect(
        errors.map((e) => [e.code, e.offset, e.recordIndex]),
        shape,
      ).toEqual([['PARSE_NOT_CLOUDTRAIL', text.indexOf(needle), 1234]]);
      expect(getOrigin(events[1234]!)?.index, shape).toBe(1235);
    }
  });

  it('checks CloudWatch Logs messages and LookupEvents results like any record', async () => {
    const cwl = JSON.stringify({
      messageType: 'DATA_MESSAGE',
      logEvents: [
        { id: '1', message: '{"a":1}' },
        { id: '2', message: JSON.stringify(ev(2)) },
      ],
    });
    const { events, errors } = await collectSkipping(enc(cwl));
    expect(events).toEqual([ev(2)]);
    expect(errors.map((e) => [e.code, e.recordIndex])).toEqual([['PARSE_NOT_CLOUDTRAIL', 0]]);
    const lookup = JSON.stringify({
      Events: [{ CloudTrailEvent: '{}' }, { CloudTrailEvent: JSON.stringify(ev(1)) }],
    });
    const read = await collectSkipping(enc(lookup));
    expect(read.events).toEqual([ev(1)]);
    expect(read.errors.map((e) => e.code)).toEqual(['PARSE_NOT_CLOUDTRAIL']);
  });

  it('still recognises digests and control messages (they are no records)', async () => {
    const digest = { digestStartTime: '2023-07-10T11:00:00Z', logFiles: [] };
    expect((await collect(enc(JSON.stringify(digest)))).events).toEqual([]);
    const control = '{"messageType":"CONTROL_MESSAGE","logEvents":[{"message":"CWL CONTROL MESSAGE: x"}]}';
    expect((await collect(enc(control))).events).toEqual([]);
  });

  it('parseRecord() applies the same check', () => {
    expect(parseRecord(JSON.stringify(ev(1)))).toEqual(ev(1));
    expect(() => parseRecord('{"hello":"world"}', { name: 'g/s', index: 3 })).toThrow(
      expect.objectContaining({ code: 'PARSE_NOT_CLOUDTRAIL', input: 'g/s', recordIndex: 3 }),
    );
    expect(parseRecord('{"hello":"world"}', {}, { requireFields: false })).toEqual({ hello: 'world' });
  });
});
