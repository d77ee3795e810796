import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import { selectorCoverage } from './event-selectors';
import type { AccountPosture, BucketPosture, PolicyDocument, TrailPosture } from './posture';

/** A CloudFormation template, as JSON (e.g. CDK's `Template.fromStack(stack).toJSON()`). */
export interface CloudFormationTemplate {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** The logical id a `Ref` or `Fn::GetAtt` points at, or a literal string as it is. */
function target(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return v.Ref;
    const att = v['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
    if (typeof att === 'string') return att.split('.')[0];
  }
  return undefined;
}

/**
 * A value with `Fn::Join` over literals and the `AWS::Partition` pseudo parameter (as CDK writes ARNs)
 * turned into the string it deploys as (partition `aws`); other values as they are.
 */
function literal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(literal);
  if (!value || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (v.Ref === 'AWS::Partition') return 'aws';
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map(literal);
    return parts.every((p) => typeof p === 'string') ? parts.join(join[0]) : value;
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, literal(x)]));
}

type Props = Record<string, unknown>;
const get = (o: unknown, ...path: Array<string | number>): unknown =>
  path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    o,
  );

/** The `InsightType`s of a trail's `InsightSelectors` property (`[{ InsightType }]`). */
function insightTypes(selectors: unknown): string[] {
  if (!Array.isArray(selectors)) return [];
  return selectors.map((x) => get(x, 'InsightType')).filter((x): x is string => typeof x === 'string');
}

/**
 * The posture a CloudFormation template would deploy, for the same checks `collectPosture` feeds: its
 * `AWS::CloudTrail::Trail`s (with their `InsightSelectors`), the `AWS::S3::Bucket`s and `AWS::S3::BucketPolicy`s they write to, their
 * `AWS::KMS::Key`s. Buckets and keys are named by logical id. Nothing is deployed, so nothing is known of
 * delivery (`status` is set only when the template turns logging off) or of AWS Config (`config` undefined:
 * that check is not applicable).
 */
export function postureFromTemplate(template: CloudFormationTemplate, account = 'template'): AccountPosture {
  const resources = Object.entries(template.Resources ?? {});
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
  const policies = new Map<string, PolicyDocument>();
  for (const [, r] of ofType('AWS::S3::BucketPolicy')) {
    const bucket = target(r.Properties?.Bucket);
    if (bucket) policies.set(bucket, r.Properties?.PolicyDocument as PolicyDocument);
  }
  const buckets: AccountPosture['buckets'] = {};
  for (const [id, r] of ofType('AWS::S3::Bucket')) {
    const p = (r.Properties ?? {}) as Props;
    const pab = (p.PublicAccessBlockConfiguration ?? {}) as Record<string, unknown>;
    const rules = (get(p, 'LifecycleConfiguration', 'Rules') ?? []) as Array<Props>;
    const expirations = rules
      .filter((x) => x.Status === 'Enabled' && typeof x.ExpirationInDays === 'number')
      .map((x) => x.ExpirationInDays as number);
    const lockDays = get(p, 'ObjectLockConfiguration', 'Rule', 'DefaultRetention', 'Days');
    const posture: BucketPosture = {
      name: id,
      policy: policies.get(id),
      publicAccessBlocked:
        pab.BlockPublicAcls === true &&
        pab.IgnorePublicAcls === true &&
        pab.BlockPublicPolicy === true &&
        pab.RestrictPublicBuckets === true,
      publicAclGrants: ['PublicRead', 'PublicReadWrite', 'AuthenticatedRead'].includes(
        String(p.AccessControl),
      )
        ? [`AccessControl:${String(p.AccessControl)}`]
        : [],
      encryption: get(
        p,
        'BucketEncryption',
        'ServerSideEncryptionConfiguration',
        0,
        'ServerSideEncryptionByDefault',
        'SSEAlgorithm',
      ) as string | undefined,
      versioning: get(p, 'VersioningConfiguration', 'Status') === 'Enabled',
      objectLockDays: typeof lockDays === 'number' ? lockDays : undefined,
      expirationDays: expirations.length ? Math.min(...expirations) : undefined,
      accessLoggingTarget: target(get(p, 'LoggingConfiguration', 'DestinationBucketName')),
    };
    buckets[id] = posture;
  }
  const keys: AccountPosture['keys'] = {};
  for (const [id, r] of ofType('AWS::KMS::Key')) {
    keys[id] = {
      arn: id,
      rotation: r.Properties?.EnableKeyRotation === true,
      customerManaged: true,
      policy: literal(r.Properties?.KeyPolicy) as PolicyDocument | undefined,
    };
  }
  const trails: TrailPosture[] = ofType('AWS::CloudTrail::Trail').map(([id, r]) => {
    const p = (r.Properties ?? {}) as Props;
    const basic = literal(p.EventSelectors) as EventSelector[] | undefined;
    const advanced = literal(p.AdvancedEventSelectors) as AdvancedEventSelector[] | undefined;
    return {
      name: typeof p.TrailName === 'string' ? p.TrailName : id,
      arn: id,
      homeRegion: 'template',
      ownerAccount: account,
      multiRegion: p.IsMultiRegionTrail === true,
      organizationTrail: p.IsOrganizationTrail === true,
      logFileValidation: p.EnableLogFileValidation === true,
      bucket: target(p.S3BucketName) ?? '',
      kmsKeyId: target(p.KMSKeyId),
      cloudWatchLogsLogGroupArn: target(p.CloudWatchLogsLogGroupArn),
      ...(p.IsLogging === false ? { status: { isLogging: false } } : {}),
      // No selectors at all: CloudTrail records all management events, read and write.
      selects:
        basic === undefined && advanced === undefined
          ? { managementRead: true, managementWrite: true, s3ObjectRead: false, s3ObjectWrite: false }
          : selectorCoverage(basic, advanced),
      insights: insightTypes(literal(p.InsightSelectors)),
    };
  });
  return { account, regions: [], trails, buckets, keys, calls: {} };
}
