/** What no OCSF attribute holds → `unmapped`, so the source record stays recoverable. */
import type { TrailEvent } from '@trailkit/core';
import { MAPPED_IDENTITY_KEYS } from './actor';
import { requestParametersMapped } from './api';

/** Top-level CloudTrail fields that API Activity attributes hold whole. */
const MAPPED_KEYS: ReadonlySet<string> = new Set([
  'eventVersion',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'responseElements',
  'requestID',
  'eventID',
  'eventType',
  'apiVersion',
  'recipientAccountId',
  'vpcEndpointId',
  'eventCategory',
]);

/** The `sessionContext.attributes` keys the actor's session holds. */
const MAPPED_SESSION_ATTRIBUTES: ReadonlySet<string> = new Set(['creationDate', 'mfaAuthenticated']);

/**
 * The event's fields that the API Activity attributes do not hold, under their CloudTrail names:
 * `readOnly`, `managementEvent`, `additionalEventData`, `tlsDetails`, `sharedEventID`, `resources` entries'
 * extra keys, ..., any field AWS adds later, and the `userIdentity` fields that have no OCSF attribute (with
 * `sessionContext` less the MFA flag and creation date). Undefined when there is nothing left.
 */
export function unmappedOf(event: TrailEvent): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined || MAPPED_KEYS.has(key)) continue;
    if (key === 'eventTime' || (key === '@timestamp' && event.eventTime === undefined)) continue;
    if (key === 'requestParameters' && (value === null || requestParametersMapped(event))) continue;
    if (key === 'resources' && Array.isArray(value) && value.every(plainResource)) continue;
    if (key === 'userIdentity') {
      const rest = identityRest(value);
      if (rest) out.userIdentity = rest;
      continue;
    }
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A resource whose every key (`ARN`, `accountId`, `type`) the OCSF resource holds. */
function plainResource(r: unknown): boolean {
  if (!r || typeof r !== 'object') return false;
  const keys = Object.keys(r);
  return (
    keys.every((k) => k === 'ARN' || k === 'accountId' || k === 'type') &&
    (typeof (r as { ARN?: unknown }).ARN === 'string' || typeof (r as { type?: unknown }).type === 'string')
  );
}

function identityRest(identity: unknown): Record<string, unknown> | undefined {
  if (!identity || typeof identity !== 'object') return { value: identity };
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(identity)) {
    if (MAPPED_IDENTITY_KEYS.has(key) && typeof value === 'string') continue;
    if (key === 'sessionContext' && value && typeof value === 'object') {
      const ctx = sessionRest(value as Record<string, unknown>);
      if (ctx) rest.sessionContext = ctx;
      continue;
    }
    rest[key] = value;
  }
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function sessionRest(ctx: Record<string, unknown>): Record<string, unknown> | undefined {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ctx)) {
    if (key === 'attributes' && value && typeof value === 'object') {
      const attrs = Object.fromEntries(
        Object.entries(value).filter(([k]) => !MAPPED_SESSION_ATTRIBUTES.has(k)),
      );
      if (Object.keys(attrs).length > 0) rest.attributes = attrs;
      continue;
    }
    rest[key] = value;
  }
  return Object.keys(rest).length > 0 ? rest : undefined;
}
