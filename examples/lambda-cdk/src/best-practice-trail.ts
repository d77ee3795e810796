import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Props of {@link BestPracticeTrail}. */
export interface BestPracticeTrailProps {
  /** Log files are expired after this many days (default 400: more than a year, as CIS and most audits ask). */
  retentionDays?: number;
  /** Log events are kept this long in CloudWatch Logs (default one year). */
  logGroupRetention?: logs.RetentionDays;
  /** An organization trail (created in the management or delegated administrator account; default false). */
  organizationTrail?: boolean;
  /** Record S3 object-level reads and writes of every bucket (CIS 3.10/3.11; costs per event; default true). */
  s3DataEvents?: boolean;
  /**
   * Turn on CloudTrail Insights for unusual API call rates and error rates (`ApiCallRateInsight` and
   * `ApiErrorRateInsight`; `trailkit-insights`; costs per event analysed; default true).
   */
  insights?: boolean;
  /** What happens to the buckets and key when the stack is deleted (default RETAIN: audit logs outlive stacks). */
  removalPolicy?: RemovalPolicy;
}

/**
 * A CloudTrail trail set up the way `trailkit audit` checks it: multi-region with global service events,
 * management events read and write, log file validation, SSE-KMS with a customer key that rotates, a bucket
 * with public access blocked, TLS-only policy, versioning, lifecycle expiration after `retentionDays` and server
 * access logging (to a second bucket), CloudWatch Logs delivery, S3 object-level events, CloudTrail Insights
 * (API call rate and error rate), and optionally an organization trail.
 */
export class BestPracticeTrail extends Construct {
  /** The trail. */
  readonly trail: cloudtrail.Trail;
  /** The bucket the log and digest files go to. */
  readonly bucket: s3.Bucket;
  /** The bucket that receives the log bucket's server access logs. */
  readonly accessLogsBucket: s3.Bucket;
  /** The KMS key the log files are encrypted with (rotation on). */
  readonly key: kms.Key;
  /** The CloudWatch Logs group the trail delivers to. */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BestPracticeTrailProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.key = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: 'Encrypts CloudTrail log files',
      removalPolicy,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailEncrypt',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
      }),
    );
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays ?? 400) }],
      removalPolicy,
    });
    this.bucket = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'trail-logs/',
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays ?? 400) }],
      removalPolicy,
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logGroupRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket: this.bucket,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
      isOrganizationTrail: props.organizationTrail ?? false,
      insightTypes:
        (props.insights ?? true)
          ? [cloudtrail.InsightType.API_CALL_RATE, cloudtrail.InsightType.API_ERROR_RATE]
          : undefined,
    });
    if (props.s3DataEvents ?? true)
      this.trail.logAllS3DataEvents({ readWriteType: cloudtrail.ReadWriteType.ALL });
  }
}
