import { BlockList, isIP } from 'node:net';
import { ConfigError, type Rule, type TrailEvent } from '@trailkit/core';

/** Id of the example's custom rule. */
export const ACCESS_KEY_RULE_ID = 'example.access-key-outside-allowed-networks';

/** Id of the built-in threat rule the example reacts to. */
export const SG_OPEN_RULE_ID = 'threats.security-group-open-to-world';

/**
 * A custom rule: a call signed with an access key (`userIdentity.accessKeyId`) from a source IP outside
 * `allowedCidrs`. Calls made by AWS services on your behalf (`AWSService`, `invokedBy`) and calls whose
 * `sourceIPAddress` is a service name rather than an IP are not flagged.
 */
export function accessKeyOutsideNetworks(allowedCidrs: readonly string[]): Rule {
  const allowed = blockList(allowedCidrs);
  return {
    id: ACCESS_KEY_RULE_ID,
    title: 'Access key used from outside the allowed networks',
    severity: 'high',
    description: `An access key was used from an IP address outside ${allowedCidrs.join(', ')}.`,
    tags: ['attack:T1078.004'],
    match: (e: TrailEvent) => {
      const id = e.userIdentity;
      if (!id?.accessKeyId || id.type === 'AWSService' || id.invokedBy) return false;
      const ip = e.sourceIPAddress ?? '';
      const family = isIP(ip);
      if (family === 0) return false;
      return !allowed.check(ip, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** A `BlockList` of CIDRs (`10.0.0.0/8`, `2001:db8::/32`); throws `ConfigError` on a malformed one. */
export function blockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', bits, extra] = cidr.trim().split('/');
    const family = isIP(address);
    const prefix = Number(bits);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || !/^\d{1,3}$/.test(bits ?? '') || prefix > max)
      throw new ConfigError(
        'auto-remediate',
        `allowed CIDR "${cidr}" is not valid (expected e.g. 10.0.0.0/8)`,
      );
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}
