import type { RevokeSecurityGroupIngressCommandInput } from '@aws-sdk/client-ec2';
import type { UpdateAccessKeyCommandInput } from '@aws-sdk/client-iam';
import type { JsonValue, TrailEvent } from '@trailkit/core';

/** One remediation the example decided on. */
export type PlannedAction =
  | {
      api: 'iam:UpdateAccessKey';
      region: string;
      params: UpdateAccessKeyCommandInput;
      eventID: string | undefined;
    }
  | {
      api: 'ec2:RevokeSecurityGroupIngress';
      region: string;
      params: RevokeSecurityGroupIngressCommandInput;
      eventID: string | undefined;
    };

/** Why an event got no action (logged). */
export type Skip = { skip: string };

/**
 * Deactivate the long-term access key that signed `event`. Only IAM users' `AKIA…` keys can be
 * deactivated; temporary (`ASIA…`) credentials and root keys are skipped with a reason.
 */
export function planDeactivateKey(event: TrailEvent): PlannedAction | Skip {
  const id = event.userIdentity;
  const key = id?.accessKeyId;
  if (!key) return { skip: 'no access key in the event' };
  if (!key.startsWith('AKIA'))
    return {
      skip: `${key} is a temporary credential: revoke the role session instead (cannot be deactivated)`,
    };
  if (id?.type !== 'IAMUser' || !id.userName)
    return { skip: `${key} does not belong to an IAM user (${id?.type})` };
  return {
    api: 'iam:UpdateAccessKey',
    region: 'us-east-1',
    params: { UserName: id.userName, AccessKeyId: key, Status: 'Inactive' },
    eventID: event.eventID,
  };
}

const isWorld = (cidr: unknown) => typeof cidr === 'string' && cidr.endsWith('/0');
const obj = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, JsonValue>) : undefined;
const items = (v: unknown): JsonValue[] => {
  const list = obj(v)?.items;
  return Array.isArray(list) ? list : [];
};
const num = (v: unknown) =>
  typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Revoke exactly the world-open (`/0`) ingress permissions that `event` (an `AuthorizeSecurityGroupIngress`
 * record) added, using its `requestParameters`: the flat form (`cidrIp`, `ipProtocol`, `fromPort`, `toPort`)
 * or the `ipPermissions.items[]` form. Other ranges of the same call are left alone.
 */
export function planRevokeIngress(event: TrailEvent): PlannedAction | Skip {
  if (event.eventName !== 'AuthorizeSecurityGroupIngress')
    return { skip: `not an ingress change (${event.eventName})` };
  if (event.errorCode) return { skip: `the call failed (${event.errorCode}): nothing to revoke` };
  const rp = obj(event.requestParameters);
  if (!rp) return { skip: 'no requestParameters' };
  const permissions: NonNullable<RevokeSecurityGroupIngressCommandInput['IpPermissions']> = [];
  if (isWorld(rp.cidrIp)) {
    permissions.push({
      IpProtocol: str(rp.ipProtocol) ?? String(rp.ipProtocol),
      FromPort: num(rp.fromPort),
      ToPort: num(rp.toPort),
      IpRanges: [{ CidrIp: str(rp.cidrIp) }],
    });
  }
  for (const raw of items(rp.ipPermissions)) {
    const p = obj(raw);
    if (!p) continue;
    const v4 = items(p.ipRanges)
      .map(obj)
      .filter((r) => isWorld(r?.cidrIp));
    const v6 = items(p.ipv6Ranges)
      .map(obj)
      .filter((r) => isWorld(r?.cidrIpv6));
    if (v4.length === 0 && v6.length === 0) continue;
    permissions.push({
      IpProtocol: str(p.ipProtocol) ?? String(p.ipProtocol),
      FromPort: num(p.fromPort),
      ToPort: num(p.toPort),
      ...(v4.length ? { IpRanges: v4.map((r) => ({ CidrIp: str(r?.cidrIp) })) } : {}),
      ...(v6.length ? { Ipv6Ranges: v6.map((r) => ({ CidrIpv6: str(r?.cidrIpv6) })) } : {}),
    });
  }
  if (permissions.length === 0) return { skip: 'no world-open range in requestParameters' };
  const group = str(rp.groupId) ? { GroupId: str(rp.groupId) } : { GroupName: str(rp.groupName) };
  if (!group.GroupId && !group.GroupName) return { skip: 'no groupId or groupName' };
  return {
    api: 'ec2:RevokeSecurityGroupIngress',
    region: event.awsRegion ?? 'us-east-1',
    params: { ...group, IpPermissions: permissions },
    eventID: event.eventID,
  };
}
