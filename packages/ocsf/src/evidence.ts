/** The events behind a finding → OCSF `evidences`. */
import type { TrailEvent } from '@trailkit/core';
import { actorOf } from './actor';
import { apiOf } from './api';
import { sourceEndpointOf } from './endpoint';
import { resourcesOf } from './resources';
import type { OcsfEvidence } from './types';

/**
 * One evidence per event: the event's `eventID` as `uid` (the key to find it again, e.g. in the API Activity
 * records of the same run), `eventSource:eventName` as `name`, and its actor, call, source and resources.
 */
export function evidenceOf(event: TrailEvent): OcsfEvidence {
  const evidence: OcsfEvidence = {
    name: `${event.eventSource ?? '?'}:${event.eventName ?? '?'}`,
    actor: actorOf(event),
    api: apiOf(event),
    src_endpoint: sourceEndpointOf(event),
  };
  if (typeof event.eventID === 'string') evidence.uid = event.eventID;
  const resources = resourcesOf(event);
  if (resources) evidence.resources = resources;
  return evidence;
}
