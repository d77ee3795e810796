/**
 * Lambda invocation payloads in the shapes AWS documents for each trigger ("Using AWS Lambda with Amazon
 * SQS / S3 / SNS / CloudWatch Logs / EventBridge" sample events), built from real records and real
 * SQS messages, and a Lambda context whose remaining time is real.
 */
import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import { encodeSubscriptionPayload, s3EventNotification } from '@trailkit/testing';
import type { CloudTrailDetailType, CloudTrailEventBridgeEvent } from '../src/index';
import type { CloudWatchLogsEvent, Context, S3Event, SNSEvent, SQSEvent } from 'aws-lambda';

/** A Lambda context whose `getRemainingTimeInMillis()` counts down from `remainingMs`. */
export function lambdaContext(remainingMs: number, awsRequestId: string = randomUUID()): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'trail-worker',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:trail-worker',
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: '/aws/lambda/trail-worker',
    logStreamName: '2026/12/01/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** The SQS event Lambda's event source mapping builds from received messages (AWS's documented sample). */
export function sqsEvent(messages: readonly Message[], queueArn: string): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: m.Attributes?.SenderId ?? 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp:
          m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

/** An S3 event notification invoking Lambda directly. */
export function s3Event(bucket: string, keys: readonly string[]): S3Event {
  const records = keys.flatMap((key) => (JSON.parse(s3EventNotification(bucket, key)) as S3Event).Records);
  return { Records: records };
}

/** An SNS event whose message is an S3 event notification (S3 → SNS → Lambda). */
export function snsEvent(bucket: string, key: string): SNSEvent {
  const envelope = JSON.parse(s3EventNotification(bucket, key, 'sns')) as Record<string, string>;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${envelope.TopicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: envelope.MessageId ?? randomUUID(),
          TopicArn: envelope.TopicArn ?? 'arn:aws:sns:us-east-1:111111111111:trail',
          Subject: 'Amazon S3 Notification',
          Message: envelope.Message ?? '',
          Timestamp: envelope.Timestamp ?? new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem',
          UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** An EventBridge `Object Created` event for one object (S3 → EventBridge → Lambda). */
export function objectCreatedEvent(bucket: string, key: string) {
  return JSON.parse(s3EventNotification(bucket, key, 'eventbridge'));
}

/** The EventBridge event CloudTrail emits for a record on the default bus: the record is the `detail`. */
export function cloudTrailEventBridgeEvent(record: Record<string, any>): CloudTrailEventBridgeEvent {
  const detailType: CloudTrailDetailType =
    record.eventType === 'AwsConsoleSignIn'
      ? 'AWS Console Sign In via CloudTrail'
      : record.eventType === 'AwsServiceEvent'
        ? 'AWS Service Event via CloudTrail'
        : 'AWS API Call via CloudTrail';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: `aws.${String(record.eventSource).split('.')[0]}`,
    account: String(record.recipientAccountId ?? '111111111111'),
    time: String(record.eventTime),
    region: String(record.awsRegion),
    resources: [],
    detail: record,
  };
}

/** A CloudWatch Logs subscription event (`awslogs.data`: base64 gzip) carrying `records` as messages. */
export function cloudWatchLogsEvent(
  records: ReadonlyArray<Record<string, unknown> | string>,
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE' = 'DATA_MESSAGE',
): CloudWatchLogsEvent {
  const data = encodeSubscriptionPayload({
    messageType,
    owner: '111111111111',
    logGroup: 'aws-cloudtrail-logs-111111111111',
    logStream: '111111111111_CloudTrail_us-east-1',
    subscriptionFilters: ['trailkit'],
    logEvents: records.map((r, i) => ({ timestamp: 1_700_000_000_000 + i, message: r })),
  });
  return { awslogs: { data } };
}
