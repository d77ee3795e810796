import type { EventBridgeEvent } from 'aws-lambda';
import { parseRecord, type TrailEvent } from '@trailkit/core';

/** The `detail-type`s of CloudTrail events on EventBridge (the default event bus). */
export const CLOUDTRAIL_DETAIL_TYPES = [
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Console Action via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS Insight via CloudTrail',
] as const;

/** A CloudTrail detail-type, e.g. `AWS API Call via CloudTrail`. */
export type CloudTrailDetailType = (typeof CLOUDTRAIL_DETAIL_TYPES)[number];

/** An EventBridge event carrying a CloudTrail record as its `detail`. */
export type CloudTrailEventBridgeEvent = EventBridgeEvent<CloudTrailDetailType, Record<string, unknown>>;

/** True when `event` is an EventBridge event whose detail is a CloudTrail record. */
export function isCloudTrailEventBridgeEvent(event: unknown): event is CloudTrailEventBridgeEvent {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return (
    typeof e['detail-type'] === 'string' &&
    (CLOUDTRAIL_DETAIL_TYPES as readonly string[]).includes(e['detail-type']) &&
    typeof e.detail === 'object' &&
    e.detail !== null &&
    !Array.isArray(e.detail)
  );
}

/**
 * The CloudTrail record of an EventBridge event: its `detail`, checked as core's parser checks every
 * record (`eventVersion`, `eventID`, `eventTime`; size limits), with origin
 * `{ source: 'eventbridge', object: <the EventBridge event id>, index: 0 }`. The EventBridge envelope
 * (`id`, `time`, `resources`) is not part of the record and is dropped.
 *
 * @throws ParseError `PARSE_NOT_CLOUDTRAIL` when the detail lacks the fields of a record.
 */
export function unwrapCloudTrailEvent(event: CloudTrailEventBridgeEvent): TrailEvent {
  return parseRecord(JSON.stringify(event.detail), { source: 'eventbridge', name: event.id, index: 0 });
}
