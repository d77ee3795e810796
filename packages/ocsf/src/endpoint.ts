/** `sourceIPAddress` and `vpcEndpointId` → OCSF `src_endpoint`. */
import { isIP } from 'node:net';
import type { TrailEvent } from '@trailkit/core';
import type { OcsfEndpoint } from './types';

/**
 * Where the call came from: `ip` when `sourceIPAddress` is an IP address, `domain` when it is a service
 * name (`ec2.amazonaws.com`, `AWS Internal`), and the VPC endpoint as `uid`. OCSF requires a source endpoint
 * with at least one of these: an event that gives none gets `name: "Unknown"`.
 */
export function sourceEndpointOf(event: TrailEvent): OcsfEndpoint {
  const endpoint: OcsfEndpoint = {};
  const source = event.sourceIPAddress;
  if (typeof source === 'string' && source !== '') {
    if (isIP(source) !== 0) endpoint.ip = source;
    else endpoint.domain = source;
  }
  if (typeof event.vpcEndpointId === 'string') endpoint.uid = event.vpcEndpointId;
  if (Object.keys(endpoint).length === 0) endpoint.name = 'Unknown';
  return endpoint;
}
