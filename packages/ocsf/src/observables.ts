/** OCSF `observables`: the IP addresses, host names, user names, user agents and resource ARNs of a record. */
import type { OcsfApiActivity, OcsfObservable } from './types';

/** Observable type ids (OCSF 1.5.0) and their captions. */
const IP = { type_id: 2, type: 'IP Address' } as const;
const HOSTNAME = { type_id: 1, type: 'Hostname' } as const;
const USER_NAME = { type_id: 4, type: 'User Name' } as const;
const RESOURCE_UID = { type_id: 10, type: 'Resource UID' } as const;
const USER_AGENT = { type_id: 16, type: 'HTTP User-Agent' } as const;

/**
 * The observables of an API Activity record, each named by its attribute path: `src_endpoint.ip`,
 * `src_endpoint.domain` (a host name such as `ec2.amazonaws.com`; `AWS Internal` is not one),
 * `actor.user.name`, `http_request.user_agent`, `resources[].uid`. Undefined when there are none.
 */
export function observablesOf(
  r: Pick<OcsfApiActivity, 'src_endpoint' | 'actor' | 'http_request' | 'resources'>,
): OcsfObservable[] | undefined {
  const out: OcsfObservable[] = [];
  if (r.src_endpoint.ip) out.push({ name: 'src_endpoint.ip', value: r.src_endpoint.ip, ...IP });
  const domain = r.src_endpoint.domain;
  if (domain && /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(domain))
    out.push({ name: 'src_endpoint.domain', value: domain, ...HOSTNAME });
  if (r.actor.user?.name) out.push({ name: 'actor.user.name', value: r.actor.user.name, ...USER_NAME });
  if (r.http_request?.user_agent)
    out.push({ name: 'http_request.user_agent', value: r.http_request.user_agent, ...USER_AGENT });
  for (const resource of r.resources ?? []) {
    if (resource.uid) out.push({ name: 'resources.uid', value: resource.uid, ...RESOURCE_UID });
  }
  return out.length > 0 ? out : undefined;
}
