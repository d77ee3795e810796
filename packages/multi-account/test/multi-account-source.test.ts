import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { getOrigin, type Position } from '@trailkit/core';
import { lookupEventsSource } from '@trailkit/source-cloudtrail';
import {
  type CloudTrailServer,
  type OrganizationsServer,
  readSource,
  type StsServer,
  startCloudTrailServer,
  startOrganizationsServer,
  startStsServer,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountReadError, multiAccountSource } from '../src/index';

const DIR = join(import.meta.dirname, '../../core/test/fixtures/real/invictus-aws-dataset');
const RECORDS: Array<Record<string, any>> = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort()
  .flatMap((n) => JSON.parse(readFileSync(join(DIR, n), 'utf8')).Records);

const A = '111111111111';
const B = '222222222222';
const C = '333333333333'; // no role: AccessDenied
const D = '444444444444'; // suspended: not listed
const OF: Record<string, Array<Record<string, any>>> = {
  [A]: RECORDS.slice(0, 120),
  [B]: RECORDS.slice(120, 200),
  [C]: RECORDS.slice(200, 230),
};
const KEYS = { accessKeyId: 'AKIDMANAGEMENT', secretAccessKey: 'test' };

let ct: CloudTrailServer;
let sts: StsServer;
let org: OrganizationsServer;

beforeAll(async () => {
  ct = await startCloudTrailServer({ lookupCallsPerSecond: 100 });
  for (const [account, records] of Object.entries(OF)) ct.loadEvents('us-east-1', records, account);
  sts = await startStsServer();
  sts.addRole({ arn: `arn:aws:iam::${A}:role/TrailkitAudit` });
  sts.addRole({ arn: `arn:aws:iam::${B}:role/TrailkitAudit`, externalId: 'audit-ext-1' });
  org = await startOrganizationsServer({
    accounts: [{ Id: A }, { Id: B }, { Id: C }, { Id: D, Status: 'SUSPENDED' }],
  });
});
afterAll(async () => {
  await Promise.all([ct?.stop(), sts?.stop(), org?.stop()]);
});

const ids = (events: ReadonlyArray<object>) =>
  events.map((e) => String((e as { eventID: string }).eventID)).sort();

function source(onAccountFailure?: (e: AccountReadError) => void) {
  return multiAccountSource({
    roleName: 'TrailkitAudit',
    externalId: 'audit-ext-1',
    organizationsClient: new OrganizationsClient({
      endpoint: org.endpoint,
      region: 'us-east-1',
      credentials: KEYS,
    }),
    stsClientConfig: { endpoint: sts.endpoint, region: 'us-east-1' },
    masterCredentials: KEYS,
    concurrency: 2,
    ...(onAccountFailure ? { onAccountFailure } : {}),
    source: ({ credentials }) =>
      lookupEventsSource({
        clientConfig: { endpoint: ct.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 },
        filters: { since: '2023-07-01T00:00:00Z' },
        callsPerSecond: 100,
        maxResults: 25,
      }),
  });
}

describe('multiAccountSource', () => {
  it('reads every ACTIVE account of the organization through its role; one failing account does not stop the others', async () => {
    const failed: AccountReadError[] = [];
    const s = source((e) => failed.push(e));
    const { events } = await readSource(s);
    expect(ids(events)).toEqual(ids([...(OF[A] ?? []), ...(OF[B] ?? [])]));
    const a = events.find((e) => OF[A]?.some((r) => r.eventID === e.eventID)) as object;
    expect(getOrigin(a)).toMatchObject({ account: A, role: `arn:aws:iam::${A}:role/TrailkitAudit` });
    expect(failed.map((e) => e.accountId)).toEqual([C]);
    expect(s.failures).toHaveLength(1);
    expect(AccountReadError.isInstance(s.failures[0])).toBe(true);
    expect(s.failures[0]?.message).toMatch(/AccessDenied/);
    const assumed = sts.calls.filter((c) => c.error === undefined);
    expect(new Set(assumed.map((c) => c.roleArn.split(':')[4]))).toEqual(new Set([A, B]));
    expect(sts.calls.every((c) => c.roleSessionName === 'trailkit' && c.externalId === 'audit-ext-1')).toBe(
      true,
    );
    expect(sts.calls.some((c) => c.roleArn.includes(D))).toBe(false);
  });

  it('resumes per account after a kill, 0 events lost', async () => {
    const first = await readSource(source(), { maxBatches: 3 });
    const second = await readSource(source(), { from: first.last as Position });
    expect(ids([...first.events, ...second.events])).toEqual(ids([...(OF[A] ?? []), ...(OF[B] ?? [])]));
    expect(second.events.length).toBe((OF[A]?.length ?? 0) + (OF[B]?.length ?? 0) - first.events.length);
  });

  it('fails with ACCOUNTS_LIST_FAILED when the organization cannot be listed', async () => {
    org.denyAccess(true);
    try {
      const error = await readSource(source()).catch((e: unknown) => e);
      expect(AccountReadError.isInstance(error)).toBe(true);
      expect((error as AccountReadError).code).toBe('ACCOUNTS_LIST_FAILED');
    } finally {
      org.denyAccess(false);
    }
  });
});
