/** A CloudTrail event → one OCSF API Activity record (class_uid 6003). */
import type { TrailEvent } from '@trailkit/core';
import { activityOf } from './activity';
import { actorOf } from './actor';
import { apiOf } from './api';
import { sourceEndpointOf } from './endpoint';
import { type ResolvedOcsfOptions, resolveOcsfOptions } from './options';
import { observablesOf } from './observables';
import { resourcesOf } from './resources';
import { statusOf } from './status';
import { eventTimeOf } from './time';
import type { OcsfApiActivity, OcsfCloud, OcsfMetadata } from './types';
import { unmappedOf } from './unmapped';
import { OCSF_PROFILES, OCSF_VERSION } from './version';
import type { OcsfOptions } from './options';

/** API Activity's class and category. */
export const API_ACTIVITY = {
  class_uid: 6003,
  class_name: 'API Activity',
  category_uid: 6,
  category_name: 'Application Activity',
} as const;

/**
 * Map one CloudTrail event to an OCSF 1.5.0 API Activity record, following the OCSF schema's published
 * CloudTrail mapping: the verb of `eventName` as the activity, `errorCode` as Failure, `userIdentity` as the
 * actor, `sourceIPAddress` as the source endpoint, and the fields no attribute holds in `unmapped`.
 * Throws `OcsfMappingError` for an event without a readable time.
 */
export function toApiActivity(event: TrailEvent, options?: OcsfOptions): OcsfApiActivity {
  return apiActivityOf(event, resolveOcsfOptions(options));
}

/** {@link toApiActivity} with validated options (what a mapper built once calls per event). */
export function apiActivityOf(event: TrailEvent, o: ResolvedOcsfOptions): OcsfApiActivity {
  const activity = activityOf(event);
  const { time, time_dt } = eventTimeOf(event);
  const status = statusOf(event);
  // one literal, without spreads: V8 builds it with a fixed shape (spreads cost ~3x the whole mapping)
  const record: OcsfApiActivity = {
    class_uid: 6003,
    class_name: 'API Activity',
    category_uid: 6,
    category_name: 'Application Activity',
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: 600300 + activity.id,
    type_name: `API Activity: ${activity.name}`,
    severity_id: 1,
    severity: 'Informational',
    time,
    time_dt,
    status_id: status.status_id,
    status: status.status,
    message: messageOf(event),
    metadata: eventMetadataOf(event),
    cloud: cloudOf(event),
    actor: actorOf(event),
    api: apiOf(event),
    src_endpoint: sourceEndpointOf(event),
  };
  if (status.status_code !== undefined) record.status_code = status.status_code;
  if (status.status_detail !== undefined) record.status_detail = status.status_detail;
  if (typeof event.userAgent === 'string') record.http_request = { user_agent: event.userAgent };
  const resources = resourcesOf(event);
  if (resources) record.resources = resources;
  const observables = observablesOf(record);
  if (observables) record.observables = observables;
  if (o.unmapped) {
    const unmapped = unmappedOf(event);
    if (unmapped) record.unmapped = unmapped;
  }
  if (o.rawData) {
    record.raw_data = JSON.stringify(event);
    record.raw_data_size = record.raw_data.length;
  }
  return record;
}

/** `cloud`: AWS, the region, and the account the event was recorded in (`recipientAccountId`). */
export function cloudOf(event: TrailEvent): OcsfCloud {
  const cloud: OcsfCloud = { provider: 'AWS' };
  if (typeof event.awsRegion === 'string') cloud.region = event.awsRegion;
  const account = event.recipientAccountId ?? event.userIdentity?.accountId;
  if (typeof account === 'string') cloud.account = { uid: account, type: 'AWS Account', type_id: 10 };
  return cloud;
}

/** `metadata`: OCSF version and profiles, CloudTrail as the product (its `eventVersion`), `eventID` as `uid`. */
function eventMetadataOf(event: TrailEvent): OcsfMetadata {
  const metadata: OcsfMetadata = {
    version: OCSF_VERSION,
    profiles: [...OCSF_PROFILES],
    product: { name: 'CloudTrail', vendor_name: 'AWS' },
  };
  if (typeof event.eventVersion === 'string') metadata.product.version = event.eventVersion;
  if (typeof event.eventCategory === 'string') metadata.product.feature = { name: event.eventCategory };
  if (typeof event.eventID === 'string') metadata.uid = event.eventID;
  if (typeof event.eventType === 'string') metadata.event_code = event.eventType;
  const original = event.eventTime ?? event['@timestamp'];
  if (typeof original === 'string') metadata.original_time = original;
  return metadata;
}

/** One line: the operation, on which service, and its error when it failed. */
function messageOf(event: TrailEvent): string {
  const op = `${event.eventSource ?? '?'}:${event.eventName ?? '?'}`;
  return typeof event.errorCode === 'string' ? `${op} failed: ${event.errorCode}` : op;
}
