import { s3EventNotification, s3TestEvent } from '@trailkit/testing';
import { describe, expect, it } from 'vitest';
import { parseNotification } from './notification';

const key =
  'AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/01/111111111111_CloudTrail_us-east-1_20261101T0005Z_ab cd.json.gz';

describe('parseNotification', () => {
  it.each(['direct', 'sns', 'eventbridge', 'cloudtrail-sns'] as const)('reads the %s shape', (kind) => {
    const parsed = parseNotification(s3EventNotification('bucket', key, kind, { size: 99 }));
    expect(parsed).toMatchObject({ kind: 'objects', shape: kind, objects: [{ bucket: 'bucket', key }] });
  });

  it('recognises the S3 test event, also through SNS', () => {
    expect(parseNotification(s3TestEvent('bucket'))).toEqual({ kind: 'test' });
    expect(parseNotification(JSON.stringify({ Type: 'Notification', Message: s3TestEvent('b') }))).toEqual({
      kind: 'test',
    });
  });

  it('ignores non-create events and reports bad messages with a reason', () => {
    const removed = JSON.parse(s3EventNotification('bucket', key));
    removed.Records[0].eventName = 'ObjectRemoved:Delete';
    expect(parseNotification(JSON.stringify(removed)).kind).toBe('ignored');
    expect(parseNotification('{oops')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/not JSON/),
    });
    expect(parseNotification('"text"')).toMatchObject({ kind: 'invalid' });
    expect(parseNotification('{"Records":[{"eventSource":"aws:sqs"}]}')).toMatchObject({ kind: 'invalid' });
  });
});
