/** `resources[]` → OCSF `resources` (`resource_details`). */
import type { TrailEvent } from '@trailkit/core';
import type { OcsfResource } from './types';

/**
 * The resources of an event: ARN as `uid`, `type`, and the owning account as `owner.account.uid`. A resource
 * without an ARN is named by its type (OCSF requires a `uid` or a `name`); one with neither is left out.
 * Undefined when the event lists none.
 */
export function resourcesOf(event: TrailEvent): OcsfResource[] | undefined {
  if (!Array.isArray(event.resources)) return undefined;
  const out: OcsfResource[] = [];
  for (const r of event.resources) {
    if (!r || typeof r !== 'object') continue;
    const resource: OcsfResource = {};
    if (typeof r.ARN === 'string') resource.uid = r.ARN;
    if (typeof r.type === 'string') {
      resource.type = r.type;
      if (resource.uid === undefined) resource.name = r.type;
    }
    if (resource.uid === undefined && resource.name === undefined) continue;
    if (typeof r.accountId === 'string')
      resource.owner = { account: { uid: r.accountId, type: 'AWS Account', type_id: 10 } };
    out.push(resource);
  }
  return out.length > 0 ? out : undefined;
}
