import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { functionAlarms } from './alarms';

/** Props of {@link TrailWorkerStack}. */
export interface TrailWorkerStackProps extends StackProps {
  /** The bundled `trail-worker` handler (`index.handler`), e.g. `Code.fromAsset('dist/trail-worker')`. */
  code: lambda.Code;
  /** Lambda runtime (default Node.js 22). */
  runtime?: lambda.Runtime;
  /** Function timeout (default 60 s); the queue's visibility timeout is six times it, as AWS advises. */
  timeout?: Duration;
  /** Environment of the handler: SLACK_WEBHOOK_URL, WEBHOOK_URL, WEBHOOK_SECRET (see trail-worker.ts). */
  environment?: Record<string, string>;
  /** Receives before a message goes to the dead-letter queue (default 5). */
  maxReceiveCount?: number;
}

/**
 * Template (a): the trail bucket → S3 event notifications (new `.json.gz` under `AWSLogs/`) → SQS → the
 * `trail-worker` Lambda (partial batch responses on) → Slack / webhook. A dead-letter queue keeps the
 * messages that kept failing; alarms on function errors, dead letters and queue age notify an SNS topic.
 * The function may read log objects under `AWSLogs/` and consume its queue, nothing else.
 */
export class TrailWorkerStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly function: lambda.Function;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: TrailWorkerStackProps) {
    super(scope, id, props);
    const timeout = props.timeout ?? Duration.seconds(60);

    this.bucket = new s3.Bucket(this, 'TrailBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudTrail's delivery permissions (see AWS's "Amazon S3 bucket policy for CloudTrail").
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AWSCloudTrailAclCheck',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AWSCloudTrailWrite',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`AWSLogs/${this.account}/*`)],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'Notifications', {
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), {
      prefix: 'AWSLogs/',
      suffix: '.json.gz',
    });

    this.function = new lambda.Function(this, 'TrailWorker', {
      runtime: props.runtime ?? lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.code,
      memorySize: 512,
      timeout,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      logGroup: new logs.LogGroup(this, 'TrailWorkerLogs', { retention: logs.RetentionDays.ONE_MONTH }),
    });
    // Least privilege: read the log objects, nothing else in the bucket (no list, no write, no digests' metadata).
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('AWSLogs/*')],
      }),
    );
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(10),
        reportBatchItemFailures: true,
        maxConcurrency: 10,
      }),
    );

    this.alarmTopic = new sns.Topic(this, 'Alarms');
    functionAlarms(this, this.function, this.deadLetterQueue, this.alarmTopic);
    new cloudwatch.Alarm(this, 'QueueBacklog', {
      alarmDescription: 'Trail notifications wait more than 15 minutes: the worker is behind or failing.',
      metric: this.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 900,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new actions.SnsAction(this.alarmTopic));
  }
}
