import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL } from '../../test/parser-helpers';
import { ParseError } from '../errors';
import { getOrigin } from '../event/origin';
import type { TrailEvent } from '../event/trail-event';
import { threatRules } from '../rules/packs/threats';
import { toDetectors } from '../rules/to-detector';
import { parse } from './parse';
import { parseRecord } from './parse-record';

/** Real records (Stratus Red Team's StopLogging detonation, a JSON array), wrapped as EventBridge delivers them. */
const RECORDS = JSON.parse(
  readFileSync(join(REAL, 'stratus-red-team', 'aws.defense-evasion.cloudtrail-stop.json'), 'utf8'),
) as Array<Record<string, unknown>>;

const DETAIL_TYPE: Record<string, string> = {
  AwsApiCall: 'AWS API Call via CloudTrail',
  AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
  AwsCloudTrailInsight: 'AWS Insight via CloudTrail',
};

function envelope(record: Record<string, unknown>, n: number): Record<string, unknown> {
  return {
    version: '0',
    id: `eb-${n}`,
    'detail-type': DETAIL_TYPE[record.eventType as string] ?? 'AWS API Call via CloudTrail',
    source: 'aws.cloudtrail',
    account: record.recipientAccountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

const WRAPPED = RECORDS.map(envelope);
const OBJECT_CREATED = {
  version: '0',
  id: 'eb-s3',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '123456789012',
  time: '2026-11-01T00:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:s3:::bucket'],
  detail: { bucket: { name: 'bucket' }, object: { key: 'k' } },
};

async function read(text: string, options: Parameters<typeof parse>[1] = {}) {
  const events: TrailEvent[] = [];
  const errors: ParseError[] = [];
  for await (const batch of parse(Buffer.from(text), { onInvalid: (e) => errors.push(e), ...options })) {
    events.push(...batch);
  }
  return { events, errors };
}

describe('EventBridge events', () => {
  const shapes: Record<string, string> = {
    single: JSON.stringify(WRAPPED[0]),
    array: JSON.stringify(WRAPPED),
    'pretty array': JSON.stringify(WRAPPED, null, 2),
    ndjson: WRAPPED.map((e) => JSON.stringify(e)).join('\n'),
    'Lambda SQS event': JSON.stringify({
      Records: WRAPPED.map((e, i) => ({
        messageId: `m${i}`,
        body: JSON.stringify(e),
        eventSource: 'aws:sqs',
      })),
    }),
  };
  for (const [shape, text] of Object.entries(shapes)) {
    it(`yields the record inside the envelope (${shape}), with the envelope id in the origin`, async () => {
      const { events, errors } = await read(text);
      expect(errors).toEqual([]);
      const expected = shape === 'single' ? RECORDS.slice(0, 1) : RECORDS;
      expect(events).toEqual(expected);
      expect(events.map((e) => getOrigin(e)?.envelopeId)).toEqual(expected.map((_, i) => `eb-${i}`));
    });
  }

  it('finds StopLogging inside an envelope as it does in the bare record', async () => {
    const detectors = toDetectors(threatRules());
    const findings = async (text: string) => {
      const { events } = await read(text);
      return events.flatMap((e) => detectors.flatMap((d) => d.process(e) ?? []));
    };
    const bare = await findings(JSON.stringify(RECORDS));
    const wrapped = await findings(JSON.stringify(WRAPPED));
    expect(bare.length).toBeGreaterThan(0);
    expect(wrapped.some((f) => String(f.severity).toLowerCase() === 'high')).toBe(true);
    expect(wrapped.map((f) => [f.rule.id, f.severity])).toEqual(bare.map((f) => [f.rule.id, f.severity]));
  });

  it('does not take an EventBridge event of another kind for a CloudTrail event', async () => {
    for (const options of [{}, { requireFields: false }]) {
      const { events, errors } = await read(JSON.stringify([OBJECT_CREATED, WRAPPED[0]]), options);
      expect(events).toEqual([RECORDS[0]]);
      expect(errors.map((e) => e.code)).toEqual(['PARSE_NOT_CLOUDTRAIL']);
      expect(errors[0]?.message).toContain('Object Created');
    }
  });

  it('unwraps in parseRecord (one message body), and rejects other EventBridge events', () => {
    const event = parseRecord(JSON.stringify(WRAPPED[0]), { name: 'msg' });
    expect(event).toEqual(RECORDS[0]);
    expect(getOrigin(event)).toEqual({ source: 'parse', object: 'msg', index: 0, envelopeId: 'eb-0' });
    expect(() => parseRecord(JSON.stringify(OBJECT_CREATED))).toThrow(ParseError);
  });
});
