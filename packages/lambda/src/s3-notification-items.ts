import type { S3Event, S3ObjectCreatedNotificationEvent, SNSEvent } from 'aws-lambda';
import { type ObjectRef, parseNotification } from '@trailkit/source-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { s3ObjectsItem } from './s3-object-item';
import { failedItem, type WorkItem } from './work-item';

/** The events an S3 notification handler accepts: direct, via SNS, or via EventBridge. */
export type S3NotificationLambdaEvent = S3Event | SNSEvent | S3ObjectCreatedNotificationEvent;

/**
 * One item per log object an invocation names: an S3 event (`Records[].s3`), an SNS event whose messages
 * are S3 events or CloudTrail's own notifications (`Records[].Sns.Message`), or an EventBridge
 * `Object Created` event. Non-creation events and test events name no object; a shape that is none of
 * these is one failed item (`invalid-event`).
 */
export function s3NotificationItems(event: S3NotificationLambdaEvent, client: () => S3Client): WorkItem[] {
  const bodies = snsMessages(event) ?? [JSON.stringify(event)];
  const objects: ObjectRef[] = [];
  const items: WorkItem[] = [];
  bodies.forEach((body, i) => {
    const notification = parseNotification(body);
    if (notification.kind === 'objects') objects.push(...notification.objects);
    else if (notification.kind === 'invalid')
      items.push(failedItem(`invalid-event-${i}`, `not an S3 notification: ${notification.reason}`));
  });
  for (const ref of objects) items.push(s3ObjectsItem(`s3://${ref.bucket}/${ref.key}`, [ref], client));
  return items;
}

/** The messages of an SNS event, or `undefined` for any other event. */
function snsMessages(event: S3NotificationLambdaEvent): string[] | undefined {
  if (!('Records' in event) || !Array.isArray(event.Records)) return undefined;
  const sns = event.Records.filter(
    (r): r is SNSEvent['Records'][number] => typeof r === 'object' && r !== null && 'Sns' in r,
  );
  if (sns.length === 0) return undefined;
  return sns.map((r) => r.Sns.Message);
}
