import type { AccountPosture, BucketPosture, KeyPosture, PolicyStatement, TrailPosture } from './posture';

/** Outcome of one check on one resource. */
export type CheckStatus = 'pass' | 'fail' | 'not-applicable' | 'error';

/** How bad a failure is (`--fail-on` compares against it). */
export type CheckSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** The severities, lowest first. */
export const SEVERITIES: readonly CheckSeverity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** What a check found on one resource (an account, a trail, a bucket, a key, a region). */
export interface CheckFinding {
  status: CheckStatus;
  /** The resource looked at (trail ARN, bucket name, region, account). */
  resource: string;
  /** The region of the resource when it is not in `resource` as an ARN (e.g. an AWS Config region). */
  region?: string;
  /** What was seen, in words a reader can verify (the API fields and their values). */
  evidence: string;
}

/** Settings the checks read beside the posture. */
export interface CheckContext {
  /** "Now", for delivery ages. */
  now: Date;
  /** Logs must be kept at least this many days (lifecycle expiration, default 365). */
  retentionDays: number;
  /** The latest delivery must be at most this many hours old (default 24). */
  maxDeliveryAgeHours: number;
  /** Every account of the organization, when known: the organization check needs it. */
  organizationAccounts?: readonly string[];
  /** Every audited account's posture (the organization check looks across them). */
  postures: readonly AccountPosture[];
}

/** One posture check. */
export interface PostureCheck {
  /** Stable id: `cis-3.x` (CIS AWS Foundations v1.4 numbering) or `trailkit-...`. */
  id: string;
  /** The CIS AWS Foundations v1.4 control, when it is one. */
  cis?: string;
  title: string;
  severity: CheckSeverity;
  /** What the check costs in API calls (beyond `DescribeTrails` per region, which every check shares). */
  apiCalls: string;
  run(posture: AccountPosture, context: CheckContext): CheckFinding[];
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** True when a policy statement allows anyone (`*` principal) without a condition. */
export function isPublicStatement(s: PolicyStatement): boolean {
  if (s.Effect !== 'Allow' || s.Condition !== undefined) return false;
  const p = s.Principal as unknown;
  if (p === '*') return true;
  if (p && typeof p === 'object' && 'AWS' in p)
    return list((p as { AWS: string | string[] }).AWS).includes('*');
  return false;
}

/** True when a statement denies every request without TLS (`aws:SecureTransport` false). */
export function isTlsOnlyStatement(s: PolicyStatement): boolean {
  if (s.Effect !== 'Deny') return false;
  const bool = s.Condition?.Bool as Record<string, unknown> | undefined;
  return bool !== undefined && String(bool['aws:SecureTransport']) === 'false';
}

const uniqueTrails = (p: AccountPosture): TrailPosture[] => [
  ...new Map(p.trails.map((t) => [t.arn, t])).values(),
];

function perTrail(
  p: AccountPosture,
  test: (t: TrailPosture) => CheckFinding | undefined,
  none = 'no trail in the audited regions',
): CheckFinding[] {
  const trails = uniqueTrails(p);
  if (trails.length === 0) return [{ status: 'fail', resource: p.account, evidence: none }];
  return trails.map((t) => test(t) ?? { status: 'pass', resource: t.arn, evidence: 'ok' });
}

function perBucket(
  p: AccountPosture,
  test: (b: BucketPosture, t: TrailPosture) => CheckFinding,
): CheckFinding[] {
  return perTrail(p, (t) => {
    const b = p.buckets[t.bucket];
    if (b === undefined || typeof b === 'string') {
      return {
        status: 'error',
        resource: t.bucket,
        evidence: `bucket not readable: ${b ?? 'not looked at'}`,
      };
    }
    return test(b, t);
  });
}

function keyOf(p: AccountPosture, t: TrailPosture): KeyPosture | string | undefined {
  return t.kmsKeyId === undefined ? undefined : p.keys[t.kmsKeyId];
}

const hours = (ms: number) => Math.round(ms / 36_000) / 100;

/** Every check, in report order. */
export const POSTURE_CHECKS: readonly PostureCheck[] = [
  {
    id: 'cis-3.1',
    cis: '3.1',
    title: 'A multi-region trail logs management events, read and write',
    severity: 'high',
    apiCalls: '1 GetTrailStatus and 1 GetEventSelectors per trail',
    run: (p) => {
      const good = uniqueTrails(p).filter(
        (t) =>
          t.multiRegion &&
          t.status?.isLogging !== false &&
          t.selects.managementRead &&
          t.selects.managementWrite,
      );
      if (good.length > 0) {
        const t = good[0] as TrailPosture;
        const org =
          t.organizationTrail && t.ownerAccount !== p.account
            ? ' (organization trail of the management account)'
            : '';
        return [
          {
            status: 'pass',
            resource: t.arn,
            evidence: `IsMultiRegionTrail=true, IsLogging=${t.status?.isLogging ?? 'unknown'}, management events ReadWriteType=All${org}`,
          },
        ];
      }
      const seen = uniqueTrails(p).map(
        (t) =>
          `${t.name}: multiRegion=${t.multiRegion}, logging=${t.status?.isLogging ?? 'unknown'}, read=${t.selects.managementRead}, write=${t.selects.managementWrite}`,
      );
      return [
        {
          status: 'fail',
          resource: p.account,
          evidence: seen.length ? `no trail qualifies; ${seen.join('; ')}` : 'no trail',
        },
      ];
    },
  },
  {
    id: 'cis-3.2',
    cis: '3.2',
    title: 'Log file validation is on',
    severity: 'medium',
    apiCalls: 'none (DescribeTrails)',
    run: (p) =>
      perTrail(p, (t) => ({
        status: t.logFileValidation ? 'pass' : 'fail',
        resource: t.arn,
        evidence: `LogFileValidationEnabled=${t.logFileValidation}`,
      })),
  },
  {
    id: 'cis-3.3',
    cis: '3.3',
    title: "The trail's bucket is not publicly accessible",
    severity: 'critical',
    apiCalls: '1 GetBucketPolicy, 1 GetBucketAcl and 1 GetPublicAccessBlock per bucket',
    run: (p) =>
      perBucket(p, (b) => {
        const publicSids = list(b.policy?.Statement)
          .filter(isPublicStatement)
          .map((s) => s.Sid ?? '(no Sid)');
        const problems = [
          ...publicSids.map((sid) => `policy statement ${sid} allows Principal "*" without a condition`),
          ...b.publicAclGrants.map((g) => `ACL grant ${g}`),
        ];
        if (problems.length > 0 && !b.publicAccessBlocked) {
          return { status: 'fail', resource: b.name, evidence: problems.join('; ') };
        }
        return {
          status: 'pass',
          resource: b.name,
          evidence: b.publicAccessBlocked
            ? 'public access block: all four settings on'
            : 'no public policy statement or ACL grant (public access block not on)',
        };
      }),
  },
  {
    id: 'cis-3.4',
    cis: '3.4',
    title: 'Trails deliver to CloudWatch Logs (within the delivery age)',
    severity: 'low',
    apiCalls: 'none beyond GetTrailStatus',
    run: (p, c) =>
      perTrail(p, (t) => {
        if (!t.cloudWatchLogsLogGroupArn) {
          return { status: 'fail', resource: t.arn, evidence: 'no CloudWatchLogsLogGroupArn' };
        }
        const at = t.status?.latestCloudWatchLogsDeliveryTime;
        if (t.status && (!at || c.now.getTime() - at.getTime() > c.maxDeliveryAgeHours * 3_600_000)) {
          return {
            status: 'fail',
            resource: t.arn,
            evidence: `LatestCloudWatchLogsDeliveryTime=${at?.toISOString() ?? 'none'}, older than ${c.maxDeliveryAgeHours} h`,
          };
        }
        return {
          status: 'pass',
          resource: t.arn,
          evidence: `CloudWatchLogsLogGroupArn=${t.cloudWatchLogsLogGroupArn}`,
        };
      }),
  },
  {
    id: 'cis-3.5',
    cis: '3.5',
    title: 'AWS Config records all resources in every region',
    severity: 'medium',
    apiCalls: '1 DescribeConfigurationRecorders and 1 DescribeConfigurationRecorderStatus per region',
    run: (p) => {
      if (!p.config)
        return [{ status: 'not-applicable', resource: p.account, evidence: 'AWS Config not looked at' }];
      return Object.entries(p.config).map(([region, r]) => ({
        status: r.recorders > 0 && r.recording && r.allSupported ? 'pass' : 'fail',
        resource: region,
        region,
        evidence: `recorders=${r.recorders}, recording=${r.recording}, allSupported=${r.allSupported}, includeGlobalResourceTypes=${r.includeGlobalResourceTypes}`,
      }));
    },
  },
  {
    id: 'cis-3.6',
    cis: '3.6',
    title: "The trail's bucket has server access logging",
    severity: 'low',
    apiCalls: '1 GetBucketLogging per bucket',
    run: (p) =>
      perBucket(p, (b) => ({
        status: b.accessLoggingTarget ? 'pass' : 'fail',
        resource: b.name,
        evidence: b.accessLoggingTarget ? `TargetBucket=${b.accessLoggingTarget}` : 'no LoggingEnabled',
      })),
  },
  {
    id: 'cis-3.7',
    cis: '3.7',
    title: 'Trails are encrypted with a KMS key (SSE-KMS)',
    severity: 'medium',
    apiCalls: 'none (DescribeTrails)',
    run: (p) =>
      perTrail(p, (t) => ({
        status: t.kmsKeyId ? 'pass' : 'fail',
        resource: t.arn,
        evidence: t.kmsKeyId ? `KmsKeyId=${t.kmsKeyId}` : 'no KmsKeyId (SSE-S3 only)',
      })),
  },
  {
    id: 'cis-3.8',
    cis: '3.8',
    title: "The trail's customer-managed KMS key rotates",
    severity: 'medium',
    apiCalls: '1 DescribeKey, 1 GetKeyRotationStatus and 1 GetKeyPolicy per key',
    run: (p) =>
      perTrail(p, (t) => {
        const key = keyOf(p, t);
        if (key === undefined) return { status: 'not-applicable', resource: t.arn, evidence: 'no KmsKeyId' };
        if (typeof key === 'string')
          return { status: 'error', resource: String(t.kmsKeyId), evidence: `key not readable: ${key}` };
        return {
          status: key.rotation ? 'pass' : 'fail',
          resource: key.arn,
          evidence: `KeyRotationEnabled=${key.rotation}, KeyManager=${key.customerManaged ? 'CUSTOMER' : 'AWS'}`,
        };
      }),
  },
  {
    id: 'trailkit-key-policy',
    title: "The trail's KMS key policy lets CloudTrail encrypt and allows no one else unconditionally",
    severity: 'high',
    apiCalls: 'none beyond GetKeyPolicy',
    run: (p) =>
      perTrail(p, (t) => {
        const key = keyOf(p, t);
        if (key === undefined) return { status: 'not-applicable', resource: t.arn, evidence: 'no KmsKeyId' };
        if (typeof key === 'string') {
          return { status: 'error', resource: String(t.kmsKeyId), evidence: `key not readable: ${key}` };
        }
        if (!key.policy) return { status: 'error', resource: key.arn, evidence: 'key policy not read' };
        const statements = list(key.policy.Statement);
        const open = statements.filter(isPublicStatement).map((s) => s.Sid ?? '(no Sid)');
        if (open.length) {
          return {
            status: 'fail',
            resource: key.arn,
            evidence: `statement ${open.join(', ')} allows Principal "*" without a condition`,
          };
        }
        const cloudTrail = statements.some(
          (s) =>
            s.Effect === 'Allow' &&
            list((s.Principal as { Service?: string | string[] } | undefined)?.Service).includes(
              'cloudtrail.amazonaws.com',
            ) &&
            list(s.Action).some((a) => a === 'kms:*' || a.startsWith('kms:GenerateDataKey')),
        );
        return cloudTrail
          ? {
              status: 'pass',
              resource: key.arn,
              evidence: 'cloudtrail.amazonaws.com may kms:GenerateDataKey*',
            }
          : {
              status: 'fail',
              resource: key.arn,
              evidence: 'no statement lets cloudtrail.amazonaws.com GenerateDataKey',
            };
      }),
  },
  {
    id: 'cis-3.10',
    cis: '3.10',
    title: 'S3 object-level write events are logged',
    severity: 'low',
    apiCalls: 'none beyond GetEventSelectors',
    run: (p) => objectLevel(p, 'write'),
  },
  {
    id: 'cis-3.11',
    cis: '3.11',
    title: 'S3 object-level read events are logged',
    severity: 'low',
    apiCalls: 'none beyond GetEventSelectors',
    run: (p) => objectLevel(p, 'read'),
  },
  {
    id: 'trailkit-logging',
    title: 'Every trail is logging and delivered recently',
    severity: 'high',
    apiCalls: 'none beyond GetTrailStatus',
    run: (p, c) =>
      perTrail(p, (t) => {
        const s = t.status;
        if (!s) return { status: 'not-applicable', resource: t.arn, evidence: 'GetTrailStatus not read' };
        if (!s.isLogging) return { status: 'fail', resource: t.arn, evidence: 'IsLogging=false' };
        const at = s.latestDeliveryTime;
        const age = at ? c.now.getTime() - at.getTime() : undefined;
        if (age === undefined || age > c.maxDeliveryAgeHours * 3_600_000) {
          return {
            status: 'fail',
            resource: t.arn,
            evidence: `IsLogging=true, LatestDeliveryTime=${at?.toISOString() ?? 'none'} (${age === undefined ? 'never' : `${hours(age)} h ago`}, limit ${c.maxDeliveryAgeHours} h)`,
          };
        }
        return {
          status: 'pass',
          resource: t.arn,
          evidence: `IsLogging=true, LatestDeliveryTime ${hours(age)} h ago`,
        };
      }),
  },
  {
    id: 'trailkit-delivery-errors',
    title: 'No log or digest delivery errors',
    severity: 'medium',
    apiCalls: 'none beyond GetTrailStatus',
    run: (p) =>
      perTrail(p, (t) => {
        const s = t.status;
        if (!s) return { status: 'not-applicable', resource: t.arn, evidence: 'GetTrailStatus not read' };
        const errors = [
          s.latestDeliveryError && `LatestDeliveryError=${s.latestDeliveryError}`,
          s.latestDigestDeliveryError && `LatestDigestDeliveryError=${s.latestDigestDeliveryError}`,
        ].filter(Boolean);
        return errors.length
          ? { status: 'fail', resource: t.arn, evidence: errors.join(', ') }
          : { status: 'pass', resource: t.arn, evidence: 'no delivery error' };
      }),
  },
  {
    id: 'trailkit-organization',
    title: 'Every account of the organization is covered by a trail',
    severity: 'high',
    apiCalls: 'ListAccounts pages (with --accounts-from-org); otherwise none',
    run: (p, c) => {
      if (!c.organizationAccounts) {
        return [
          { status: 'not-applicable', resource: p.account, evidence: 'organization accounts not known' },
        ];
      }
      // Run once, from the first posture, over every account of the organization.
      if (c.postures[0] !== p) return [];
      return c.organizationAccounts.map((account) => {
        const seen = c.postures.find((q) => q.account === account);
        if (!seen) return { status: 'error', resource: account, evidence: 'account not audited' };
        const org = uniqueTrails(seen).find((t) => t.organizationTrail && t.multiRegion);
        if (org) return { status: 'pass', resource: account, evidence: `organization trail ${org.arn}` };
        const own = uniqueTrails(seen).find((t) => t.multiRegion);
        if (own) return { status: 'pass', resource: account, evidence: `own multi-region trail ${own.arn}` };
        return {
          status: 'fail',
          resource: account,
          evidence: 'no organization trail and no multi-region trail',
        };
      });
    },
  },
  {
    id: 'trailkit-retention',
    title: 'Log files are kept at least the retention period',
    severity: 'medium',
    apiCalls:
      '1 GetBucketLifecycleConfiguration, 1 GetBucketVersioning and 1 GetObjectLockConfiguration per bucket',
    run: (p, c) =>
      perBucket(p, (b) => {
        const lock = b.objectLockDays ? `, Object Lock ${b.objectLockDays} d` : '';
        const ok = b.expirationDays === undefined || b.expirationDays >= c.retentionDays;
        return {
          status: ok ? 'pass' : 'fail',
          resource: b.name,
          evidence: `expiration ${b.expirationDays === undefined ? 'never' : `after ${b.expirationDays} d`} (at least ${c.retentionDays} d wanted), versioning=${b.versioning}${lock}`,
        };
      }),
  },
  {
    id: 'trailkit-tls-only',
    title: "The trail's bucket policy denies requests without TLS",
    severity: 'low',
    apiCalls: 'none beyond GetBucketPolicy',
    run: (p) =>
      perBucket(p, (b) => {
        const ok = list(b.policy?.Statement).some(isTlsOnlyStatement);
        return {
          status: ok ? 'pass' : 'fail',
          resource: b.name,
          evidence: ok
            ? 'Deny when aws:SecureTransport=false'
            : 'no statement denies aws:SecureTransport=false',
        };
      }),
  },
  {
    id: 'trailkit-insights',
    title: 'CloudTrail Insights on for API call rate and error rate',
    // Insights are a paid, optional feature: reported, but below the default `--fail-on low`
    severity: 'info',
    apiCalls: '1 GetInsightSelectors per trail with insight selectors',
    run: (p) => insights(p),
  },
];

/** The insight types `trailkit-insights` wants selected on a multi-region trail. */
const INSIGHT_TYPES = ['ApiCallRateInsight', 'ApiErrorRateInsight'];

function insights(p: AccountPosture): CheckFinding[] {
  const trails = uniqueTrails(p);
  const good = trails.find((t) => t.multiRegion && INSIGHT_TYPES.every((i) => t.insights.includes(i)));
  if (good) {
    return [
      {
        status: 'pass',
        resource: good.arn,
        evidence: `multi-region trail ${good.name} selects ${INSIGHT_TYPES.join(' and ')}`,
      },
    ];
  }
  const withInsights = trails.filter((t) => t.insights.length > 0);
  const seen = withInsights.map((t) => {
    const missing = INSIGHT_TYPES.filter((i) => !t.insights.includes(i));
    return missing.length > 0
      ? `only ${t.insights.join(', ')} on ${t.name} (no ${missing.join(', ')})`
      : `${t.name} selects both but is not multi-region`;
  });
  return [
    {
      status: 'fail',
      resource: p.account,
      evidence:
        trails.length === 0
          ? 'no trail'
          : seen.length === 0
            ? 'no trail has insight selectors'
            : `no multi-region trail selects ${INSIGHT_TYPES.join(' and ')}; ${seen.join('; ')}`,
    },
  ];
}

function objectLevel(p: AccountPosture, kind: 'read' | 'write'): CheckFinding[] {
  const field = kind === 'read' ? 's3ObjectRead' : 's3ObjectWrite';
  const t = uniqueTrails(p).find((x) => x.multiRegion && x.selects[field]);
  if (t)
    return [
      { status: 'pass', resource: t.arn, evidence: `data events AWS::S3::Object (all buckets) ${kind}` },
    ];
  return [
    {
      status: 'fail',
      resource: p.account,
      evidence: `no multi-region trail selects S3 object-level ${kind} events of all buckets`,
    },
  ];
}
