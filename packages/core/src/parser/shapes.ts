import type { DigestFile, TrailEvent } from '../event/trail-event';
import { isEventBridgeEvent } from './eventbridge';

/** A plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A CloudTrail digest file (log file integrity validation): has `digestStartTime` or a `logFiles` list. */
export function isDigest(value: Record<string, unknown>): value is DigestFile {
  return (
    typeof value.digestStartTime === 'string' ||
    (Array.isArray(value.logFiles) && ('digestS3Object' in value || 'digestEndTime' in value))
  );
}

/** A CloudWatch Logs subscription payload (`messageType`, `logEvents`). */
export function isSubscriptionPayload(value: Record<string, unknown>): boolean {
  return typeof value.messageType === 'string' && ('logEvents' in value || 'logGroup' in value);
}

/** A `LookupEvents` result: the record is the JSON string in `CloudTrailEvent`. */
export function isLookupResult(value: Record<string, unknown>): value is { CloudTrailEvent: string } {
  return typeof value.CloudTrailEvent === 'string';
}

/** What a top-level object is. */
export type DocumentKind = 'event' | 'digest' | 'subscription' | 'lookup' | 'eventbridge' | 'unknown';

/** Classify a top-level object that has no records array. */
export function documentKind(value: Record<string, unknown>): DocumentKind {
  if (isDigest(value)) return 'digest';
  if (isSubscriptionPayload(value)) return 'subscription';
  if (isLookupResult(value)) return 'lookup';
  if (isEventBridgeEvent(value)) return 'eventbridge';
  if ('Records' in value || 'Events' in value) return 'unknown';
  return 'event';
}

/** The record as an event (no copy). */
export function asEvent(value: Record<string, unknown>): TrailEvent {
  return value as TrailEvent;
}
