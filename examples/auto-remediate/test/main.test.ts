import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { getRunSummary, SinkError, type TrailEvent } from '@trailkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { planRevokeIngress } from '../src/plan';
import { accessKeyOutsideNetworks } from '../src/rules';
import { startAwsServer } from './aws-server';

const SG_FILE = fileURLToPath(
  new URL(
    '../../../packages/core/test/fixtures/real/stratus-red-team/aws.exfiltration.ec2-security-group-open-port-22-ingress.json',
    import.meta.url,
  ),
);
const [SG_EVENT] = JSON.parse(readFileSync(SG_FILE, 'utf8')) as TrailEvent[];
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' };

let server: Awaited<ReturnType<typeof startAwsServer>>;
let dir: string;
beforeEach(async () => {
  server = await startAwsServer();
  dir = mkdtempSync(join(tmpdir(), 'auto-remediate-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const clients = () => ({
  iam: new IAMClient({ region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts: 1 }),
  ec2: (region: string) => new EC2Client({ region, endpoint: server.endpoint, credentials, maxAttempts: 1 }),
});

describe('auto-remediate example', () => {
  it('revokes exactly the world-open rule and deactivates the key from the real stratus record', async () => {
    const { summary, actions } = await main({ paths: [SG_FILE], apply: true, ...clients() });
    expect(summary.events.read).toBe(1);
    expect(summary.findings.byRule).toEqual({
      'threats.security-group-open-to-world': 1,
      'example.access-key-outside-allowed-networks': 1,
    });
    const revoke = server.calls.find((c) => c.action === 'RevokeSecurityGroupIngress');
    expect(revoke?.params).toEqual({
      Action: 'RevokeSecurityGroupIngress',
      Version: '2016-11-15',
      GroupId: 'sg-003dc7f1f1c686164',
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '22',
      'IpPermissions.1.ToPort': '22',
      'IpPermissions.1.IpRanges.1.CidrIp': '208.236.235.254/0',
    });
    // Sent to the event's own region.
    expect(revoke?.region).toBe('us-northeast-1r');
    expect(revoke?.service).toBe('ec2');
    const update = server.calls.find((c) => c.action === 'UpdateAccessKey');
    expect(update?.params).toEqual({
      Action: 'UpdateAccessKey',
      Version: '2010-05-08',
      UserName: 'christophe',
      AccessKeyId: 'AKIAXW7UJ577KFYIAHIM',
      Status: 'Inactive',
    });
    expect(update?.service).toBe('iam');
    expect(server.calls).toHaveLength(2);
    expect(actions.every((a) => a.applied)).toBe(true);
  });

  it('makes no AWS call in dry-run (the default) but reports what it would do', async () => {
    const { actions } = await main({ paths: [SG_FILE], ...clients() });
    expect(server.calls).toHaveLength(0);
    expect(actions.map((a) => [a.api, a.applied]).sort()).toEqual([
      ['ec2:RevokeSecurityGroupIngress', false],
      ['iam:UpdateAccessKey', false],
    ]);
  });

  it('leaves keys used from allowed networks alone', async () => {
    await main({ paths: [SG_FILE], apply: true, allowedCidrs: ['253.243.0.0/16'], ...clients() });
    expect(server.calls.map((c) => c.action)).toEqual(['RevokeSecurityGroupIngress']);
  });

  it('revokes only the /0 ranges of an ipPermissions.items request', async () => {
    const event: TrailEvent = {
      ...SG_EVENT!,
      eventID: 'b0c4e1f3-0000-4000-8000-000000000001',
      requestParameters: {
        groupId: 'sg-0abc',
        ipPermissions: {
          items: [
            {
              ipProtocol: 'tcp',
              fromPort: 443,
              toPort: 443,
              ipRanges: { items: [{ cidrIp: '10.1.0.0/16' }, { cidrIp: '0.0.0.0/0' }] },
              ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] },
            },
            {
              ipProtocol: 'tcp',
              fromPort: 5432,
              toPort: 5432,
              ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] },
            },
          ],
        },
      },
    };
    const file = join(dir, 'events.json');
    writeFileSync(file, JSON.stringify([event]));
    await main({ paths: [file], apply: true, allowedCidrs: ['0.0.0.0/0'], ...clients() });
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.params).toEqual({
      Action: 'RevokeSecurityGroupIngress',
      Version: '2016-11-15',
      GroupId: 'sg-0abc',
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '443',
      'IpPermissions.1.ToPort': '443',
      'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0',
      'IpPermissions.1.Ipv6Ranges.1.CidrIpv6': '::/0',
    });
  });

  it('stops the run with a SinkError when AWS refuses, after the pipeline retries', async () => {
    server.failWith('UnauthorizedOperation');
    const e = await main({ paths: [SG_FILE], apply: true, ...clients() }).catch((x: unknown) => x);
    expect(SinkError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(/UnauthorizedOperation|denied/);
    // attempts: 3 per write; each attempt retries only the failed findings.
    expect(server.calls.length).toBeGreaterThanOrEqual(3);
    expect(getRunSummary(e)?.sinks[0]?.failed).toBeGreaterThan(0);
  });

  it('calls AWS once per distinct key or rule over all bundled stratus logs', async () => {
    const { summary, actions } = await main({ apply: true, ...clients() });
    expect(summary.events.read).toBeGreaterThan(200);
    const updates = server.calls.filter((c) => c.action === 'UpdateAccessKey');
    const keys = new Set(updates.map((c) => c.params.AccessKeyId));
    expect(updates.length).toBe(keys.size);
    expect(keys.size).toBeGreaterThan(5);
    expect(summary.findings.byRule['example.access-key-outside-allowed-networks']).toBeGreaterThan(keys.size);
    for (const c of updates) expect(c.params.AccessKeyId).toMatch(/^AKIA/);
    expect(actions).toHaveLength(server.calls.length);
  });

  it('plans nothing for failed calls and non-ingress events', () => {
    expect(planRevokeIngress({ ...SG_EVENT!, errorCode: 'Client.InvalidPermission.Duplicate' })).toEqual({
      skip: 'the call failed (Client.InvalidPermission.Duplicate): nothing to revoke',
    });
    expect('skip' in planRevokeIngress({ ...SG_EVENT!, eventName: 'DescribeSecurityGroups' })).toBe(true);
  });

  it('flags access keys only for IP sources outside the allowed CIDRs, never for AWS services', () => {
    const rule = accessKeyOutsideNetworks(['10.0.0.0/8', '2001:db8::/32']);
    const test = rule.match as (e: TrailEvent) => boolean;
    expect(test(SG_EVENT!)).toBe(true);
    expect(test({ ...SG_EVENT!, sourceIPAddress: '10.2.3.4' })).toBe(false);
    expect(test({ ...SG_EVENT!, sourceIPAddress: '2001:db8::1' })).toBe(false);
    expect(test({ ...SG_EVENT!, sourceIPAddress: '2001:db9::1' })).toBe(true);
    expect(test({ ...SG_EVENT!, sourceIPAddress: 'ec2.amazonaws.com' })).toBe(false);
    expect(test({ ...SG_EVENT!, userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' } })).toBe(
      false,
    );
    expect(() => accessKeyOutsideNetworks(['10.0.0.0/33'])).toThrow(/not valid/);
  });
});
