import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '@trailkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuditClients,
  POSTURE_CHECKS,
  collectPosture,
  failuresAtOrAbove,
  formatAuditTable,
  runAudit,
} from '../src/index';
import { configure, type LocalAws, REGIONS, startLocalAws } from './local-aws';

let aws: LocalAws;
beforeEach(async () => {
  aws = await startLocalAws();
});
afterEach(async () => {
  await aws.stop();
});

async function audit() {
  const posture = await collectPosture(aws.options());
  return runAudit([posture]);
}

const statusOf = (report: ReturnType<typeof runAudit>, check: string) =>
  report.results.filter((r) => r.check === check).map((r) => r.status);

describe('collectPosture + runAudit over the local servers', () => {
  it('passes every check on a trail set up right, with the API calls counted', async () => {
    configure(aws);
    const report = await audit();
    const failed = report.results.filter((r) => r.status !== 'pass' && r.check !== 'trailkit-organization');
    expect(failed).toEqual([]);
    for (const check of POSTURE_CHECKS) {
      if (check.id !== 'trailkit-organization') expect(statusOf(report, check.id)).toContain('pass');
    }
    expect(report.calls).toEqual({
      DescribeTrails: 2,
      GetTrailStatus: 1,
      GetEventSelectors: 1,
      GetInsightSelectors: 1,
      GetBucketPolicy: 1,
      GetPublicAccessBlock: 1,
      GetBucketAcl: 1,
      GetBucketEncryption: 1,
      GetBucketVersioning: 1,
      GetObjectLockConfiguration: 1,
      GetBucketLifecycleConfiguration: 1,
      GetBucketLogging: 1,
      DescribeKey: 1,
      GetKeyRotationStatus: 1,
      GetKeyPolicy: 1,
      DescribeConfigurationRecorders: 2,
      DescribeConfigurationRecorderStatus: 2,
    });
    expect(aws.s3.calls).toHaveLength(8);
    expect(formatAuditTable(report)).toContain(`${POSTURE_CHECKS.length} checks:`);
    // regions: a trail's home region, a key's region, each AWS Config region; none for a bucket
    const regionsOf = (check: string) => report.results.filter((r) => r.check === check).map((r) => r.region);
    expect(regionsOf('cis-3.2')).toEqual(['us-east-1']);
    expect(regionsOf('cis-3.8')).toEqual(['us-east-1']);
    expect(regionsOf('cis-3.5')).toEqual(REGIONS);
    expect(regionsOf('cis-3.6')).toEqual([undefined]);
  });

  const cases: Array<[string, Parameters<typeof configure>[1]]> = [
    ['cis-3.1', { trail: { IsMultiRegionTrail: false } }],
    [
      'cis-3.1',
      { trail: { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] } },
    ],
    ['cis-3.2', { trail: { LogFileValidationEnabled: false } }],
    [
      'cis-3.3',
      {
        bucket: {
          publicAccessBlock: undefined,
          policy: {
            Statement: [
              { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
            ],
          },
        },
      },
    ],
    [
      'cis-3.3',
      { bucket: { publicAccessBlock: undefined, aclGrants: [{ group: 'AllUsers', permission: 'READ' }] } },
    ],
    ['cis-3.4', { trail: { CloudWatchLogsLogGroupArn: undefined } }],
    ['cis-3.5', { noConfigIn: 'eu-west-1' }],
    ['cis-3.6', { bucket: { logging: undefined } }],
    ['cis-3.7', { trail: { KmsKeyId: undefined } }],
    ['cis-3.8', { rotation: false }],
    [
      'trailkit-key-policy',
      {
        keyPolicy: {
          Statement: [
            { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*' },
          ],
        },
      },
    ],
    [
      'trailkit-key-policy',
      { keyPolicy: { Statement: [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'kms:*' }] } },
    ],
    ['cis-3.10', { trail: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] } }],
    [
      'cis-3.11',
      {
        trail: {
          EventSelectors: [
            { ReadWriteType: 'All', IncludeManagementEvents: true },
            {
              ReadWriteType: 'WriteOnly',
              IncludeManagementEvents: false,
              DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
            },
          ],
        },
      },
    ],
    ['trailkit-logging', { trail: { status: { IsLogging: false } } }],
    [
      'trailkit-logging',
      { trail: { status: { LatestDeliveryTime: Math.floor(Date.now() / 1000) - 3 * 86_400 } } },
    ],
    ['trailkit-delivery-errors', { trail: { status: { LatestDigestDeliveryError: 'AccessDenied' } } }],
    ['trailkit-retention', { bucket: { lifecycle: [{ id: 'short', enabled: true, expirationDays: 90 }] } }],
    ['trailkit-tls-only', { bucket: { policy: { Statement: [] } } }],
    ['trailkit-insights', { trail: { InsightTypes: ['ApiCallRateInsight'] } }],
    ['trailkit-insights', { trail: { InsightTypes: undefined } }],
    ['trailkit-insights', { trail: { IsMultiRegionTrail: false } }],
  ];
  it('has a failing configuration for every check (the organization check: below)', () => {
    const covered = new Set([...cases.map(([check]) => check), 'trailkit-organization']);
    expect(POSTURE_CHECKS.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(cases)('fails %s on a configuration that breaks it', async (check, change) => {
    configure(aws, change);
    const report = await audit();
    expect(statusOf(report, check)).toContain('fail');
    const failure = report.results.find((r) => r.check === check && r.status === 'fail');
    expect(failure?.evidence).toBeTruthy();
  });

  it('says which insight type the trail misses', async () => {
    configure(aws, { trail: { InsightTypes: ['ApiCallRateInsight'] } });
    const partial = (await audit()).results.find((r) => r.check === 'trailkit-insights');
    expect(partial).toMatchObject({ status: 'fail', resource: 'current', severity: 'info' });
    expect(partial?.evidence).toContain('only ApiCallRateInsight on main (no ApiErrorRateInsight)');
  });

  it('makes no GetInsightSelectors call for a trail without HasInsightSelectors', async () => {
    configure(aws, { trail: { InsightTypes: undefined } });
    const posture = await collectPosture(aws.options());
    expect(posture.trails.map((t) => t.insights)).toEqual([[]]);
    expect(posture.calls.GetInsightSelectors).toBeUndefined();
    expect(aws.cloudTrail.requests.map((r) => r.operation)).not.toContain('GetInsightSelectors');
    const none = runAudit([posture]).results.find((r) => r.check === 'trailkit-insights');
    expect(none).toMatchObject({ status: 'fail', evidence: 'no trail has insight selectors' });
  });

  it('passes the insights check naming the multi-region trail that selects both types', async () => {
    configure(aws);
    const posture = await collectPosture(aws.options());
    expect(posture.trails[0]?.insights).toEqual(['ApiCallRateInsight', 'ApiErrorRateInsight']);
    const found = runAudit([posture]).results.find((r) => r.check === 'trailkit-insights');
    expect(found).toMatchObject({ status: 'pass', resource: posture.trails[0]?.arn });
    expect(found?.evidence).toContain('main');
  });

  it('reports a trail with logging stopped, and exits at or above --fail-on', async () => {
    configure(aws, { trail: { status: { IsLogging: false } } });
    const report = await audit();
    const logging = report.results.find((r) => r.check === 'trailkit-logging');
    expect(logging).toMatchObject({ status: 'fail', evidence: 'IsLogging=false', severity: 'high' });
    expect(failuresAtOrAbove(report, 'high').map((r) => r.check)).toEqual(['cis-3.1', 'trailkit-logging']);
    expect(failuresAtOrAbove(report, 'critical')).toEqual([]);
  });

  it('records a bucket it may not read as an error, not a pass', async () => {
    configure(aws);
    aws.cloudTrail.putTrails([{ ...configureTrailElsewhere() }]);
    const report = await audit();
    const errors = report.results.filter((r) => r.resource === 'someone-elses-bucket');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((r) => r.status === 'error' && r.evidence.includes('NoSuchBucket'))).toBe(true);
  });
});

function configureTrailElsewhere() {
  return { Name: 'second', HomeRegion: 'eu-west-1', S3BucketName: 'someone-elses-bucket' };
}

describe('organization coverage', () => {
  const MANAGEMENT = '111111111111';
  const MEMBER = '222222222222';
  const MISSING = '333333333333';
  const key = (account: string) => `ASIA${account}TEST`;

  it('an organization trail satisfies member accounts; an account without it fails', async () => {
    configure(aws);
    const orgTrail = {
      Name: 'org',
      HomeRegion: 'us-east-1',
      account: MANAGEMENT,
      S3BucketName: 'trail-logs',
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      LogFileValidationEnabled: true,
    };
    aws.cloudTrail.putTrails([orgTrail], MANAGEMENT);
    aws.cloudTrail.putTrails([orgTrail], MEMBER);
    const postures = [];
    for (const account of [MANAGEMENT, MEMBER, MISSING]) {
      postures.push(await collectPosture({ ...aws.options(key(account)), account, config: false }));
    }
    const report = runAudit(postures, { organizationAccounts: [MANAGEMENT, MEMBER, MISSING] });
    const org = report.results.filter((r) => r.check === 'trailkit-organization');
    expect(org.map((r) => [r.resource, r.status])).toEqual([
      [MANAGEMENT, 'pass'],
      [MEMBER, 'pass'],
      [MISSING, 'fail'],
    ]);
    // CIS 3.1 in the member account is satisfied by the management account's organization trail.
    const member31 = report.results.find((r) => r.check === 'cis-3.1' && r.account === MEMBER);
    expect(member31?.status).toBe('pass');
    expect(member31?.evidence).toContain('organization trail');
    expect(report.results.find((r) => r.check === 'cis-3.1' && r.account === MISSING)?.status).toBe('fail');
    expect(
      report.results.filter((r) => r.check === 'cis-3.5').every((r) => r.status === 'not-applicable'),
    ).toBe(true);
  });
});

describe('injected clients', () => {
  const ACCOUNT = '123456789012';
  const credentials = { accessKeyId: 'AKIDTRAILKITTEST', secretAccessKey: 'test' };

  it('builds every client from the per-service factories, once per service and region, with the account', async () => {
    configure(aws);
    const made: string[] = [];
    const clients: AuditClients = {
      cloudTrail: (region, account) => {
        made.push(`cloudtrail ${region} ${account}`);
        return new CloudTrailClient({
          region,
          credentials,
          endpoint: aws.cloudTrail.endpoint,
          maxAttempts: 1,
        });
      },
      s3: (region, account) => {
        made.push(`s3 ${region} ${account}`);
        return new S3Client({ region, credentials, endpoint: aws.s3.endpoint, forcePathStyle: true });
      },
      kms: (region, account) => {
        made.push(`kms ${region} ${account}`);
        return new KMSClient({ region, credentials, endpoint: aws.kms.endpoint });
      },
      config: (region, account) => {
        made.push(`config ${region} ${account}`);
        return new ConfigServiceClient({ region, credentials, endpoint: aws.config.endpoint });
      },
    };
    const posture = await collectPosture({ regions: REGIONS, account: ACCOUNT, clients });
    const report = runAudit([posture]);
    expect(report.results.filter((r) => r.status !== 'pass' && r.check !== 'trailkit-organization')).toEqual(
      [],
    );
    expect(made.sort()).toEqual([
      `cloudtrail eu-west-1 ${ACCOUNT}`,
      `cloudtrail us-east-1 ${ACCOUNT}`,
      `config eu-west-1 ${ACCOUNT}`,
      `config us-east-1 ${ACCOUNT}`,
      `kms us-east-1 ${ACCOUNT}`,
      `s3 us-east-1 ${ACCOUNT}`,
    ]);
  });

  it('uses ready clients for a one-region audit, and mixes them with built ones', async () => {
    configure(aws, { trail: { status: { IsLogging: false } } });
    const region = 'us-east-1';
    const cloudTrail = new CloudTrailClient({ region, credentials, endpoint: aws.cloudTrail.endpoint });
    const posture = await collectPosture({
      regions: [region],
      clients: { cloudTrail },
      clientConfig: { credentials, maxAttempts: 1 },
      kmsClientConfig: { endpoint: aws.kms.endpoint },
      configClientConfig: { endpoint: aws.config.endpoint },
      s3ClientConfig: { endpoint: aws.s3.endpoint, forcePathStyle: true },
    });
    expect(posture.calls.DescribeTrails).toBe(1);
    const report = runAudit([posture]);
    // the injected client really did the reads: the trail's stopped logging is seen
    expect(report.results.find((r) => r.check === 'trailkit-logging')?.status).toBe('fail');
    expect(report.results.find((r) => r.check === 'cis-3.8')?.status).toBe('pass');
  });

  it('rejects a ready regional client for several regions, and a client beside its settings', async () => {
    const cloudTrail = new CloudTrailClient({ region: 'us-east-1', credentials });
    await expect(collectPosture({ regions: REGIONS, clients: { cloudTrail } })).rejects.toThrow(
      /clients.cloudTrail is a ready client of one region/,
    );
    const both = collectPosture({
      regions: ['us-east-1'],
      clients: { s3: new S3Client({ region: 'us-east-1', credentials }) },
      s3ClientConfig: { endpoint: aws.s3.endpoint },
    });
    await expect(both).rejects.toSatisfy((e) => ConfigError.isInstance(e));
    await expect(
      collectPosture({ regions: ['us-east-1'], clients: { sts: () => undefined } as never }),
    ).rejects.toSatisfy((e) => ConfigError.isInstance(e));
    expect(aws.cloudTrail.requests).toHaveLength(0);
  });
});
