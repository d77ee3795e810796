import { describe, expect, it } from 'vitest';
import { encodeS3EventKey, s3EventNotification, s3TestEvent } from '../src/cloudtrail/s3-event-notification';

const key =
  'AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/01/111111111111_CloudTrail_us-east-1_20261101T0005Z_abc.json.gz';

describe('s3EventNotification', () => {
  it('builds a direct S3 event with the key URL-encoded as S3 sends it', () => {
    const body = JSON.parse(s3EventNotification('bucket', 'a b/c:d.json.gz', 'direct', { size: 42 }));
    expect(body.Records[0].eventSource).toBe('aws:s3');
    expect(body.Records[0].eventName).toBe('ObjectCreated:Put');
    expect(body.Records[0].s3.bucket.name).toBe('bucket');
    expect(body.Records[0].s3.object).toMatchObject({ key: 'a+b/c%3Ad.json.gz', size: 42 });
    expect(decodeURIComponent(encodeS3EventKey('a b/c:d').replace(/\+/g, ' '))).toBe('a b/c:d');
  });

  it('wraps the S3 event in an SNS envelope', () => {
    const envelope = JSON.parse(s3EventNotification('bucket', key, 'sns'));
    expect(envelope.Type).toBe('Notification');
    expect(envelope.TopicArn).toMatch(/^arn:aws:sns:/);
    expect(JSON.parse(envelope.Message).Records[0].s3.object.key).toBe(key);
  });

  it('builds an EventBridge Object Created event with the key as is', () => {
    const event = JSON.parse(s3EventNotification('bucket', key, 'eventbridge'));
    expect(event).toMatchObject({ source: 'aws.s3', 'detail-type': 'Object Created' });
    expect(event.detail.bucket.name).toBe('bucket');
    expect(event.detail.object.key).toBe(key);
  });

  it("builds CloudTrail's own SNS notification", () => {
    const envelope = JSON.parse(s3EventNotification('bucket', key, 'cloudtrail-sns'));
    expect(JSON.parse(envelope.Message)).toEqual({ s3Bucket: 'bucket', s3ObjectKey: [key] });
  });

  it('builds the s3:TestEvent message', () => {
    expect(JSON.parse(s3TestEvent('bucket'))).toMatchObject({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Bucket: 'bucket',
    });
  });
});
