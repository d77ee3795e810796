import {
  type CloudTrailServer,
  type OrganizationsServer,
  type StsServer,
  startCloudTrailServer,
  startOrganizationsServer,
  startStsServer,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLines, run, sampleRecords } from './helpers';

const records = sampleRecords();
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const OF: Record<string, typeof records> = {
  [A]: records.slice(0, 40),
  [B]: records.slice(40, 70),
  [C]: records.slice(70, 80),
};

let ct: CloudTrailServer;
let sts: StsServer;
let org: OrganizationsServer;
let env: Record<string, string>;

beforeAll(async () => {
  ct = await startCloudTrailServer();
  for (const [account, list] of Object.entries(OF)) ct.loadEvents('us-east-1', list as object[], account);
  sts = await startStsServer();
  sts.addRole({ arn: `arn:aws:iam::${A}:role/Audit`, externalId: 'ext-123' });
  sts.addRole({ arn: `arn:aws:iam::${B}:role/Audit`, externalId: 'ext-123' });
  org = await startOrganizationsServer({ accounts: [{ Id: A }, { Id: B }, { Id: C }] });
  env = {
    AWS_ACCESS_KEY_ID: 'AKIDMANAGEMENT',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_STS: sts.endpoint,
    AWS_ENDPOINT_URL_ORGANIZATIONS: org.endpoint,
  };
});
afterAll(async () => {
  await Promise.all([ct?.stop(), sts?.stop(), org?.stop()]);
});

const ids = (list: ReadonlyArray<{ eventID?: unknown }>) => list.map((e) => String(e.eventID)).sort();

describe('trailkit scan --assume-role', () => {
  it('reads every account of the organization through the role; an account without it is reported, exit 1', async () => {
    const { code, stdout, stderr } = await run(
      [
        'scan',
        'lookup://us-east-1',
        '--endpoint',
        ct.endpoint,
        '--since',
        '2020-01-01T00:00:00Z',
        '--accounts-from-org',
        '--assume-role',
        'Audit',
        '--external-id',
        'ext-123',
        '-f',
        'ndjson',
      ],
      env,
    );
    expect(ids(parseLines(stdout))).toEqual(ids([...(OF[A] ?? []), ...(OF[B] ?? [])]));
    expect(stderr).toMatch(new RegExp(`warning: .*account ${C}.*AccessDenied`));
    expect(code).toBe(1);
    expect(sts.calls.every((c) => c.roleSessionName === 'trailkit' && c.externalId === 'ext-123')).toBe(true);
    expect(org.listAccountsCalls.length).toBeGreaterThan(0);
  });

  it('reads the accounts given with --account', async () => {
    const { code, stdout } = await run(
      [
        'scan',
        'lookup://us-east-1',
        '--endpoint',
        ct.endpoint,
        '--since',
        '2020-01-01T00:00:00Z',
        '--account',
        A,
        '--assume-role',
        'Audit',
        '--external-id',
        'ext-123',
        '-f',
        'ndjson',
      ],
      env,
    );
    expect(code).toBe(0);
    expect(ids(parseLines(stdout))).toEqual(ids(OF[A] ?? []));
  });

  it('needs the accounts and a role', async () => {
    const noAccounts = await run(['scan', 'lookup://us-east-1', '--assume-role', 'Audit'], env);
    expect(noAccounts.code).toBe(2);
    expect(noAccounts.stderr).toMatch(/--account <ids> or --accounts-from-org/);
    const noRole = await run(['scan', 'lookup://us-east-1', '--accounts-from-org'], env);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/needs --assume-role/);
  });
});
