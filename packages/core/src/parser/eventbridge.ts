/**
 * EventBridge events: how EventBridge delivers a CloudTrail record (to SQS, Lambda, Firehose, ...). The record
 * is the envelope's `detail`; the envelope's `id` is kept in the event's origin (`envelopeId`).
 *
 * ```json
 * {"version":"0","id":"…","detail-type":"AWS API Call via CloudTrail","source":"aws.cloudtrail",
 *  "account":"…","time":"…","region":"…","resources":[],"detail":{…the record…}}
 * ```
 */

/** The `detail-type` values of the EventBridge events that carry a CloudTrail record. */
export const CLOUDTRAIL_DETAIL_TYPES: ReadonlySet<string> = new Set([
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS Insight via CloudTrail',
]);

/**
 * An EventBridge event (any, CloudTrail or not): a string `detail-type` and `source`, and a `detail`
 * member. No CloudTrail record has a `detail-type` key, so this never takes a record for an envelope.
 */
export function isEventBridgeEvent(value: Record<string, unknown>): boolean {
  return typeof value['detail-type'] === 'string' && typeof value.source === 'string' && 'detail' in value;
}

/** What an EventBridge envelope holds: the CloudTrail record, or why it holds none. */
export type EventBridgeContent =
  | { readonly record: Record<string, unknown>; readonly envelopeId: string | undefined }
  | { readonly notCloudTrail: string };

/** The CloudTrail record inside an EventBridge event (see {@link isEventBridgeEvent}), or why there is none. */
export function eventBridgeContent(value: Record<string, unknown>): EventBridgeContent {
  const detailType = value['detail-type'] as string;
  const detail = value.detail;
  if (!CLOUDTRAIL_DETAIL_TYPES.has(detailType)) {
    return {
      notCloudTrail: `an EventBridge event of detail-type ${JSON.stringify(detailType)} from ${JSON.stringify(
        value.source,
      )}, not a CloudTrail record`,
    };
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return {
      notCloudTrail: `an EventBridge ${JSON.stringify(detailType)} event whose "detail" is not an object`,
    };
  }
  const id = value.id;
  return { record: detail as Record<string, unknown>, envelopeId: typeof id === 'string' ? id : undefined };
}
