import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseNotification } from '@trailkit/source-s3';
import type { HandlerOptions } from './options';
import { handlerRuntime, runInvocation } from './run-invocation';
import { lazyS3Client } from './s3-client';
import { s3ObjectsItem } from './s3-object-item';
import { emptyItem, failedItem, type WorkItem } from './work-item';

/** A Lambda handler for an SQS event source mapping (with `ReportBatchItemFailures` turned on). */
export type SqsLambdaHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * A handler for SQS batches of S3 event notifications (direct, via SNS, via EventBridge, or CloudTrail's
 * own SNS notification): each message's log objects are read from S3 and run through the pipeline. It
 * returns the **partial batch response**: `batchItemFailures` lists every message not written by every
 * sink (an object missing or unreadable, a body that is no notification, a sink failure, or the time
 * running out), so Lambda deletes the others and only those come back (and reach the queue's DLQ after
 * `maxReceiveCount`). `s3:TestEvent`s and notifications without log files (digests) succeed, so they do
 * not return forever.
 *
 * Turn on `ReportBatchItemFailures` in the event source mapping, or a failure retries the whole batch.
 *
 * @example
 * ```ts
 * const work = pipeline().detect(cisRules()).to(keepOpen(slackSink({ webhookUrl })));
 * export const handler = sqsHandler({ pipeline: work });
 * ```
 */
export function sqsHandler(options: HandlerOptions): SqsLambdaHandler {
  const runtime = handlerRuntime('sqsHandler', 'lambda-sqs', options);
  const client = lazyS3Client('sqsHandler', runtime.options);
  return async (event, context) => {
    const items = (event.Records ?? []).map((record): WorkItem => {
      const notification = parseNotification(record.body);
      switch (notification.kind) {
        case 'objects':
          return s3ObjectsItem(record.messageId, notification.objects, client);
        case 'invalid':
          return failedItem(record.messageId, `poison message: ${notification.reason}`);
        default:
          return emptyItem(record.messageId);
      }
    });
    const outcome = await runInvocation(runtime, items, context);
    return { batchItemFailures: outcome.failed.map((f) => ({ itemIdentifier: f.id })) };
  };
}
