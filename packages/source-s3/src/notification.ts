/** What an SQS message body announces. */
export type Notification =
  | { kind: 'objects'; shape: 'direct' | 'sns' | 'eventbridge' | 'cloudtrail-sns'; objects: ObjectRef[] }
  | { kind: 'test' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

/** An S3 object named by a notification. */
export interface ObjectRef {
  bucket: string;
  key: string;
  size: number | undefined;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Understand an SQS message body: an S3 event notification sent directly, wrapped in SNS, or as an EventBridge
 * event; CloudTrail's own SNS notification (`s3Bucket`/`s3ObjectKey`); or the `s3:TestEvent` S3 sends when a
 * notification is configured. Never throws: anything else is `invalid` with the reason.
 */
export function parseNotification(body: string): Notification {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { kind: 'invalid', reason: `message body is not JSON: ${(error as Error).message}` };
  }
  if (!isObject(value)) return { kind: 'invalid', reason: 'message body is not a JSON object' };
  if (value.Type === 'Notification' && typeof value.Message === 'string') {
    const inner = parseNotification(value.Message);
    if (inner.kind === 'objects') return { ...inner, shape: inner.shape === 'direct' ? 'sns' : inner.shape };
    return inner;
  }
  if (value.Event === 's3:TestEvent') return { kind: 'test' };
  if (Array.isArray(value.Records)) return fromS3Event(value.Records);
  if (value.source === 'aws.s3' && isObject(value.detail)) return fromEventBridge(value);
  if (typeof value.s3Bucket === 'string' && Array.isArray(value.s3ObjectKey)) {
    const keys = value.s3ObjectKey.filter((k): k is string => typeof k === 'string' && k.length > 0);
    if (keys.length === 0) return { kind: 'invalid', reason: 'CloudTrail notification without s3ObjectKey' };
    return {
      kind: 'objects',
      shape: 'cloudtrail-sns',
      objects: keys.map((key) => ({ bucket: value.s3Bucket as string, key, size: undefined })),
    };
  }
  return {
    kind: 'invalid',
    reason: 'unknown message shape (not an S3, SNS, EventBridge or CloudTrail notification)',
  };
}

function fromS3Event(records: unknown[]): Notification {
  const objects: ObjectRef[] = [];
  for (const record of records) {
    if (!isObject(record) || record.eventSource !== 'aws:s3' || !isObject(record.s3)) {
      return { kind: 'invalid', reason: 'Records[] entry is not an S3 event' };
    }
    const eventName = typeof record.eventName === 'string' ? record.eventName : '';
    if (!eventName.startsWith('ObjectCreated:')) continue;
    const bucket = isObject(record.s3.bucket) ? record.s3.bucket.name : undefined;
    const object = isObject(record.s3.object) ? record.s3.object : undefined;
    if (typeof bucket !== 'string' || typeof object?.key !== 'string') {
      return { kind: 'invalid', reason: 'S3 event without bucket name or object key' };
    }
    objects.push({
      bucket,
      key: decodeS3EventKey(object.key),
      size: typeof object.size === 'number' ? object.size : undefined,
    });
  }
  if (objects.length === 0) return { kind: 'ignored', reason: 'no ObjectCreated event in the message' };
  return { kind: 'objects', shape: 'direct', objects };
}

function fromEventBridge(event: Json): Notification {
  const detail = event.detail as Json;
  if (event['detail-type'] !== 'Object Created') {
    return { kind: 'ignored', reason: `EventBridge ${String(event['detail-type'])} event` };
  }
  const bucket = isObject(detail.bucket) ? detail.bucket.name : undefined;
  const object = isObject(detail.object) ? detail.object : undefined;
  if (typeof bucket !== 'string' || typeof object?.key !== 'string') {
    return { kind: 'invalid', reason: 'EventBridge S3 event without bucket name or object key' };
  }
  return {
    kind: 'objects',
    shape: 'eventbridge',
    objects: [{ bucket, key: object.key, size: typeof object.size === 'number' ? object.size : undefined }],
  };
}

/** S3 event notification keys are form-URL-encoded (`+` for space). */
export function decodeS3EventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}
