import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL } from '../../test/parser-helpers';
import { DEFAULT_CHECKS } from './check-record';
import { wholeRecords } from './whole-document';

const FILE = join(
  REAL,
  'invictus-aws-dataset',
  '218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json',
);
const event = (id: string) => ({ eventVersion: '1.08', eventID: id, eventTime: '2023-07-10T11:45:00Z' });
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('wholeRecords: one JSON.parse for a clean log file', () => {
  it('takes a real CloudTrail log file whole', () => {
    const text = readFileSync(FILE);
    const records = wholeRecords(text, DEFAULT_CHECKS);
    expect(records?.map((r) => r.eventID)).toEqual(
      (JSON.parse(text.toString()) as { Records: { eventID: string }[] }).Records.map((r) => r.eventID),
    );
  });

  it('leaves anything unusual to the scanner', () => {
    const cases: Buffer[] = [
      Buffer.from(`\uFEFF${JSON.stringify({ Records: [event('a')] })}`), // byte order mark
      Buffer.from('{"Records":[{"eventVersion":"1","eventID":"a","eventTime":"t"},]}'), // invalid JSON
      bytes({ Records: [event('a'), { eventID: 'b' }] }), // not a CloudTrail event
      bytes({ Records: [event('a'), 'x'] }), // not an object
      bytes([event('a')]), // another shape
      Buffer.from(`{"Records":[${JSON.stringify(event('a'))}],"Records":[]}`), // two Records keys
      bytes({ Records: [event('a')], logEvents: [] }),
      // shorter than `{"Records"`: an empty object, a cut-off key (a digest file's `{}` once threw RangeError)
      Buffer.from('{}'),
      Buffer.from('{ '),
      Buffer.from('{"Rec'),
      Buffer.from('{"Records"'),
    ];
    for (const input of cases) expect(wholeRecords(input, DEFAULT_CHECKS)).toBeUndefined();
    expect(wholeRecords(bytes({ Records: [event('a')] }), DEFAULT_CHECKS)).toHaveLength(1);
  });

  it('reads the Records array between the leading key and the final brace, whatever the whitespace', () => {
    const records = [event('a'), event('b')];
    const layouts = [
      `{"Records":${JSON.stringify(records)}}`,
      `{ "Records" : ${JSON.stringify(records, null, 2)} }\n`,
      `{\r\n\t"Records":\n[${records.map((r) => JSON.stringify(r)).join(',\n')}]\n}\n\n`,
      // other keys after the array: parsed whole instead
      `{"Records":${JSON.stringify(records)},"digest":[1]}`,
      `{"other":1,"Records":${JSON.stringify(records)}}`,
    ];
    for (const text of layouts) {
      expect(
        wholeRecords(Buffer.from(text), DEFAULT_CHECKS)?.map((r) => r.eventID),
        text,
      ).toEqual(['a', 'b']);
    }
  });

  it('never takes the last of two Records arrays, even when both end the file like one', () => {
    for (const text of [
      `{"Records":[${JSON.stringify(event('a'))}],"Records":[${JSON.stringify(event('b'))}]}`,
      `{"Records":[${JSON.stringify(event('a'))}] , "Records" : [${JSON.stringify(event('b'))}] }`,
      `{"Records":[],"Records":[${JSON.stringify(event('b'))}]}`,
    ]) {
      expect(wholeRecords(Buffer.from(text), DEFAULT_CHECKS), text).toBeUndefined();
    }
  });

  it('applies the depth limit', () => {
    const deep = { ...event('a'), x: [[[[[1]]]]] };
    expect(wholeRecords(bytes({ Records: [deep] }), { ...DEFAULT_CHECKS, maxDepth: 3 })).toBeUndefined();
  });
});
