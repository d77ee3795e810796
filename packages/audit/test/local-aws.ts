import {
  type BucketConfigServer,
  type BucketConfiguration,
  type ConfigServer,
  type CloudTrailServer,
  type KmsServer,
  startBucketConfigServer,
  startCloudTrailServer,
  startConfigServer,
  startKmsServer,
  type TrailDefinition,
} from '@trailkit/testing';
import type { CollectPostureOptions } from '../src/index';

/** The four local endpoints an audit reads, and client settings pointing at them. */
export interface LocalAws {
  cloudTrail: CloudTrailServer;
  kms: KmsServer;
  config: ConfigServer;
  s3: BucketConfigServer;
  /** `collectPosture` options for these servers (signed with `accessKeyId`). */
  options(accessKeyId?: string): CollectPostureOptions;
  stop(): Promise<void>;
}

export const REGIONS = ['us-east-1', 'eu-west-1'];
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;

export async function startLocalAws(): Promise<LocalAws> {
  const [cloudTrail, kms, config, s3] = await Promise.all([
    startCloudTrailServer(),
    startKmsServer(),
    startConfigServer(),
    startBucketConfigServer(),
  ]);
  return {
    cloudTrail,
    kms,
    config,
    s3,
    options: (accessKeyId = 'AKIDTRAILKITTEST') => ({
      regions: REGIONS,
      clientConfig: { credentials: { accessKeyId, secretAccessKey: 'test' }, maxAttempts: 1 },
      cloudTrailClientConfig: { endpoint: cloudTrail.endpoint },
      kmsClientConfig: { endpoint: kms.endpoint },
      configClientConfig: { endpoint: config.endpoint },
      s3ClientConfig: { endpoint: s3.endpoint, forcePathStyle: true },
    }),
    stop: async () => {
      await Promise.all([cloudTrail.stop(), kms.stop(), config.stop(), s3.stop()]);
    },
  };
}

/** A trail set up right: every check passes. */
export function goodTrail(): TrailDefinition {
  return {
    Name: 'main',
    HomeRegion: 'us-east-1',
    S3BucketName: 'trail-logs',
    IsMultiRegionTrail: true,
    LogFileValidationEnabled: true,
    KmsKeyId: KEY_ARN,
    CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:trail:*',
    CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/trail-to-logs',
    EventSelectors: [
      {
        ReadWriteType: 'All',
        IncludeManagementEvents: true,
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
      },
    ],
    InsightTypes: ['ApiCallRateInsight', 'ApiErrorRateInsight'],
  };
}

/** The policy of the trail's key, set up right: the account administers it, CloudTrail encrypts with it. */
export function goodKeyPolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Admin',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'CloudTrailEncrypt',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
      },
    ],
  };
}

/** The bucket of {@link goodTrail}, set up right. */
export function goodBucket(): BucketConfiguration {
  return {
    policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AWSCloudTrailWrite',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::trail-logs/AWSLogs/*',
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::trail-logs', 'arn:aws:s3:::trail-logs/*'],
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
    encryption: { algorithm: 'aws:kms', kmsKeyId: KEY_ARN },
    versioning: 'Enabled',
    lifecycle: [{ id: 'expire', enabled: true, expirationDays: 400 }],
    logging: { targetBucket: 'access-logs', targetPrefix: 'trail-logs/' },
  };
}

/** Load a configuration (by default the good one, changed by `change`). */
export function configure(
  aws: LocalAws,
  change: {
    keyPolicy?: object;
    trail?: Partial<TrailDefinition>;
    bucket?: Partial<BucketConfiguration>;
    rotation?: boolean;
    noConfigIn?: string;
  } = {},
): void {
  aws.cloudTrail.putTrails([{ ...goodTrail(), ...change.trail }]);
  aws.s3.putBucket('trail-logs', { ...goodBucket(), ...change.bucket });
  aws.kms.putKey({
    keyId: KEY_ID,
    rotation: change.rotation ?? true,
    policy: change.keyPolicy ?? goodKeyPolicy(),
  });
  for (const region of REGIONS) {
    if (region !== change.noConfigIn) aws.config.putRecorder({ region });
  }
}
