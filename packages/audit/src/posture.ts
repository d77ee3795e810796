/**
 * What the checks read: one account's CloudTrail set-up, gathered from the AWS APIs (`collectPosture`) or from
 * a CloudFormation template (`postureFromTemplate`). Plain data, so that checks are pure functions over it.
 */

/**
 * One trail, as `DescribeTrails`, `GetTrailStatus`, `GetEventSelectors` and `GetInsightSelectors` describe it.
 */
export interface TrailPosture {
  name: string;
  arn: string;
  homeRegion: string;
  /** The account that owns the trail (an organization trail seen from a member account is owned elsewhere). */
  ownerAccount: string;
  multiRegion: boolean;
  organizationTrail: boolean;
  logFileValidation: boolean;
  bucket: string;
  kmsKeyId?: string;
  cloudWatchLogsLogGroupArn?: string;
  /** `GetTrailStatus`; undefined when it could not be read (a template, or access denied). */
  status?: {
    isLogging: boolean;
    latestDeliveryTime?: Date;
    latestCloudWatchLogsDeliveryTime?: Date;
    latestDeliveryError?: string;
    latestDigestDeliveryError?: string;
  };
  /** What the event selectors record. */
  selects: {
    managementRead: boolean;
    managementWrite: boolean;
    /** S3 object-level (data) events of every bucket, reads. */
    s3ObjectRead: boolean;
    /** S3 object-level (data) events of every bucket, writes. */
    s3ObjectWrite: boolean;
  };
  /**
   * The CloudTrail Insights types the trail selects (`ApiCallRateInsight`, `ApiErrorRateInsight`), from
   * `GetInsightSelectors` (read only for trails with `HasInsightSelectors`) or the template's
   * `InsightSelectors`; empty when none is on or they could not be read.
   */
  insights: string[];
}

/** The configuration of a trail's bucket. */
export interface BucketPosture {
  name: string;
  /** The bucket policy, when there is one. */
  policy?: PolicyDocument;
  /** All four public-access-block settings on (bucket level). */
  publicAccessBlocked: boolean;
  /** ACL grants to `AllUsers` or `AuthenticatedUsers` (e.g. `AllUsers:READ`). */
  publicAclGrants: string[];
  /** Default encryption algorithm (`AES256`, `aws:kms`, ...). */
  encryption?: string;
  versioning: boolean;
  /** Object Lock default retention in days, when set. */
  objectLockDays?: number;
  /** The shortest expiration of the enabled lifecycle rules, in days (undefined: objects are never expired). */
  expirationDays?: number;
  /** Server access logging target bucket, when on. */
  accessLoggingTarget?: string;
}

/** A KMS key a trail encrypts with. */
export interface KeyPosture {
  arn: string;
  rotation: boolean;
  customerManaged: boolean;
  /** The key policy (`GetKeyPolicy`, policy `default`), when read. */
  policy?: PolicyDocument;
}

/** AWS Config in one region. */
export interface ConfigRecorderPosture {
  recorders: number;
  recording: boolean;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
}

/** An IAM-style policy document. */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** One statement of a {@link PolicyDocument}. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** One account's CloudTrail set-up. */
export interface AccountPosture {
  account: string;
  /** The regions looked at. */
  regions: string[];
  /** Trails seen from this account (an organization trail appears in every member account). */
  trails: TrailPosture[];
  /** Buckets of the trails, by name; a string is why one could not be read (e.g. `AccessDenied`). */
  buckets: Record<string, BucketPosture | string>;
  /** Keys of the trails, by the trail's `KmsKeyId`; a string is why one could not be read. */
  keys: Record<string, KeyPosture | string>;
  /** AWS Config per region; undefined when not looked at (a template). */
  config?: Record<string, ConfigRecorderPosture>;
  /** API calls made to gather this posture, by operation. */
  calls: Record<string, number>;
}
