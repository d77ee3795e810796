import {
  type BucketConfigServer,
  type CloudTrailServer,
  type ConfigServer,
  type KmsServer,
  type OrganizationsServer,
  type StsServer,
  startOrganizationsServer,
  startStsServer,
  type TrailDefinition,
} from '@trailkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PostureServers, startPostureServers } from './posture-servers';
import { run } from './helpers';

const KEY = 'arn:aws:kms:us-east-1:111111111111:key/k1';
const TRAIL: TrailDefinition = {
  Name: 'org',
  account: '111111111111',
  S3BucketName: 'trail-logs',
  IsMultiRegionTrail: true,
  IsOrganizationTrail: true,
  LogFileValidationEnabled: true,
  KmsKeyId: KEY,
  CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:trail:*',
  EventSelectors: [
    {
      ReadWriteType: 'All',
      IncludeManagementEvents: true,
      DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
    },
  ],
  InsightTypes: ['ApiCallRateInsight', 'ApiErrorRateInsight'],
};

let ct: CloudTrailServer;
let kms: KmsServer;
let config: ConfigServer;
let s3: BucketConfigServer;
let env: Record<string, string>;

let servers: PostureServers;

beforeEach(async () => {
  servers = await startPostureServers();
  ({ ct, kms, config, s3 } = servers);
  kms.putKey({
    keyId: 'k1',
    account: '111111111111',
    rotation: true,
    policy: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
        },
      ],
    },
  });
  config.putRecorder({ region: 'us-east-1' });
  s3.putBucket('trail-logs', {
    policy: {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    },
    publicAccessBlock: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
    versioning: 'Enabled',
    logging: { targetBucket: 'access-logs' },
  });
  env = {
    AWS_ACCESS_KEY_ID: 'AKIDMANAGEMENT',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    ...servers.endpoints,
  };
});
afterEach(async () => {
  await servers.stop();
});

describe('trailkit audit', () => {
  it('exit 0 and every check passing on a trail set up right (table)', async () => {
    ct.putTrails([TRAIL]);
    const { code, stdout, stderr } = await run(['audit'], env);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^PASS\s+CIS 3\.1\s/m);
    expect(stdout).not.toMatch(/^FAIL/m);
    expect(stdout).toMatch(/17 checks: \d+ pass, 0 fail/);
    expect(code).toBe(0);
  });

  it('exit 1 on a trail with logging stopped; --fail-on critical lets it through; json has the evidence', async () => {
    ct.putTrails([{ ...TRAIL, status: { IsLogging: false } }]);
    const failed = await run(['audit', '--format', 'json'], env);
    expect(failed.code).toBe(1);
    const report = JSON.parse(failed.stdout);
    expect(report.results).toContainEqual(
      expect.objectContaining({ check: 'trailkit-logging', status: 'fail', evidence: 'IsLogging=false' }),
    );
    expect((await run(['audit', '--fail-on', 'critical'], env)).code).toBe(0);
  });

  it('a trail without Insights fails trailkit-insights (info): exit 0 by default, 1 with --fail-on info', async () => {
    ct.putTrails([{ ...TRAIL, InsightTypes: undefined }]);
    const report = JSON.parse((await run(['audit', '--format', 'json'], env)).stdout);
    expect(report.results).toContainEqual(
      expect.objectContaining({ check: 'trailkit-insights', status: 'fail', severity: 'info' }),
    );
    expect((await run(['audit'], env)).code).toBe(0);
    expect((await run(['audit', '--fail-on', 'info'], env)).code).toBe(1);
  });

  it('exit 2 on usage errors', async () => {
    expect((await run(['audit', '--accounts-from-org'], env)).code).toBe(2);
    expect((await run(['audit', '--format', 'xml'], env)).code).toBe(2);
  });
});

describe('trailkit audit --accounts-from-org --assume-role', () => {
  let sts: StsServer;
  let org: OrganizationsServer;
  afterEach(async () => {
    await Promise.all([sts?.stop(), org?.stop()]);
  });

  it('an organization trail covers members; a member without it fails, exit 1', async () => {
    const [A, B, C] = ['111111111111', '222222222222', '333333333333'];
    sts = await startStsServer();
    for (const id of [A, B, C]) sts.addRole({ arn: `arn:aws:iam::${id}:role/Audit` });
    org = await startOrganizationsServer({ accounts: [{ Id: A }, { Id: B }, { Id: C }] });
    ct.putTrails([TRAIL], A);
    ct.putTrails([TRAIL], B);
    const { code, stdout } = await run(
      ['audit', '--accounts-from-org', '--assume-role', 'Audit', '--format', 'json', '--no-config'],
      { ...env, AWS_ENDPOINT_URL_STS: sts.endpoint, AWS_ENDPOINT_URL_ORGANIZATIONS: org.endpoint },
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { results: Array<Record<string, string>> };
    const coverage = report.results.filter((r) => r.check === 'trailkit-organization');
    expect(coverage.map((r) => `${r.resource} ${r.status}`)).toEqual([`${A} pass`, `${B} pass`, `${C} fail`]);
    expect(sts.calls.map((c) => c.roleArn.split(':')[4])).toEqual([A, B, C]);
  });
});
