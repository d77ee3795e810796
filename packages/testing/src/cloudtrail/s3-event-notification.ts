import { randomUUID } from 'node:crypto';

/** How an S3 event reaches the queue. */
export type S3NotificationKind = 'direct' | 'sns' | 'eventbridge' | 'cloudtrail-sns';

/** Options of {@link s3EventNotification}. */
export interface S3NotificationOptions {
  /** Object size in bytes (default 1024). */
  size?: number;
  /** S3 event name (default `ObjectCreated:Put`). */
  eventName?: string;
  /** Region of the bucket (default `us-east-1`). */
  region?: string;
  /** Event time (default now). */
  time?: Date;
  /** Account that owns the bucket (default `000000000000`). */
  account?: string;
}

/**
 * The SQS message body AWS delivers when an object is created:
 * - `direct`: an S3 event notification (`{"Records":[{"eventSource":"aws:s3",...}]}`), key URL-encoded as S3 does;
 * - `sns`: the same event wrapped in an SNS `Notification` envelope (raw delivery off);
 * - `eventbridge`: an EventBridge `Object Created` event (key not encoded);
 * - `cloudtrail-sns`: CloudTrail's own SNS notification (`{"s3Bucket","s3ObjectKey":[...]}`) wrapped in SNS.
 */
export function s3EventNotification(
  bucket: string,
  key: string,
  kind: S3NotificationKind = 'direct',
  options: S3NotificationOptions = {},
): string {
  const time = (options.time ?? new Date()).toISOString();
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '000000000000';
  const size = options.size ?? 1024;
  const sequencer = Date.now().toString(16).toUpperCase().padStart(18, '0');
  if (kind === 'eventbridge') {
    return JSON.stringify({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account,
      time: time.replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: [`arn:aws:s3:::${bucket}`],
      detail: {
        version: '0',
        bucket: { name: bucket },
        object: { key, size, etag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer },
        'request-id': randomUUID(),
        requester: 'cloudtrail.amazonaws.com',
        'source-ip-address': '203.0.113.10',
        reason: 'PutObject',
      },
    });
  }
  if (kind === 'cloudtrail-sns') {
    return snsEnvelope(
      JSON.stringify({ s3Bucket: bucket, s3ObjectKey: [key] }),
      region,
      account,
      undefined,
      time,
    );
  }
  const event = {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: time,
        eventName: options.eventName ?? 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AROAEXAMPLE:regionalDeliverySession' },
        requestParameters: { sourceIPAddress: '203.0.113.10' },
        responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'trailkit-test',
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: 'A3EXAMPLE' },
            arn: `arn:aws:s3:::${bucket}`,
          },
          object: { key: encodeS3EventKey(key), size, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer },
        },
      },
    ],
  };
  return kind === 'sns'
    ? snsEnvelope(JSON.stringify(event), region, account, 'Amazon S3 Notification', time)
    : JSON.stringify(event);
}

/** The `s3:TestEvent` message S3 sends when a notification configuration is saved. */
export function s3TestEvent(bucket: string, time = new Date()): string {
  return JSON.stringify({
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: time.toISOString(),
    Bucket: bucket,
    RequestId: randomUUID(),
    HostId: randomUUID(),
  });
}

/** S3 event keys are URL-encoded as in a form: spaces become `+`. */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

function snsEnvelope(
  message: string,
  region: string,
  account: string,
  subject: string | undefined,
  time: string,
) {
  const topic = `arn:aws:sns:${region}:${account}:trailkit-test`;
  return JSON.stringify({
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: topic,
    ...(subject ? { Subject: subject } : {}),
    Message: message,
    Timestamp: time,
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL: `https://sns.${region}.amazonaws.com/SimpleNotificationService-example.pem`,
    UnsubscribeURL: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topic}:${randomUUID()}`,
  });
}
