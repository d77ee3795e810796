import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { functionAlarms } from './alarms';

/** Props of {@link AutoResponseStack}. */
export interface AutoResponseStackProps extends StackProps {
  /** The bundled `auto-response` handler (`index.handler`), e.g. `Code.fromAsset('dist/auto-response')`. */
  code: lambda.Code;
  /** Lambda runtime (default Node.js 22). */
  runtime?: lambda.Runtime;
  /**
   * Really call AWS (default `false`: dry-run, the function only logs what it would do and gets **no**
   * write permission). `true` sets APPLY=1 and grants exactly the two remediation calls.
   */
  apply?: boolean;
  /** Networks access keys may be used from (default: the RFC 1918 ranges). */
  allowedCidrs?: string[];
}

/**
 * Template (b): EventBridge rules on CloudTrail API calls (security group ingress opened; calls signed
 * with an IAM user's access key) → the `auto-response` Lambda, which runs examples/auto-remediate's rules
 * and actions on the record. Failed invocations are retried by Lambda and then kept in a dead-letter
 * queue; alarms on errors and dead letters notify an SNS topic.
 */
export class AutoResponseStack extends Stack {
  readonly function: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: AutoResponseStackProps) {
    super(scope, id, props);
    const apply = props.apply === true;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.function = new lambda.Function(this, 'AutoResponse', {
      runtime: props.runtime ?? lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.code,
      memorySize: 256,
      timeout: Duration.seconds(30),
      retryAttempts: 2,
      deadLetterQueue: this.deadLetterQueue,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        APPLY: apply ? '1' : '0',
        ...(props.allowedCidrs ? { ALLOWED_CIDRS: props.allowedCidrs.join(',') } : {}),
      },
      logGroup: new logs.LogGroup(this, 'AutoResponseLogs', { retention: logs.RetentionDays.ONE_MONTH }),
    });
    if (apply) {
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ec2:RevokeSecurityGroupIngress'],
          resources: [
            this.formatArn({ service: 'ec2', region: '*', resource: 'security-group', resourceName: '*' }),
          ],
        }),
      );
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['iam:UpdateAccessKey'],
          resources: [this.formatArn({ service: 'iam', region: '', resource: 'user', resourceName: '*' })],
        }),
      );
    }
    const target = new targets.LambdaFunction(this.function, {
      retryAttempts: 4,
      maxEventAge: Duration.hours(1),
    });
    new events.Rule(this, 'SecurityGroupOpened', {
      description: 'CloudTrail: security group ingress authorized (the handler acts on 0.0.0.0/0 and ::/0).',
      eventPattern: {
        source: ['aws.ec2'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['AuthorizeSecurityGroupIngress'] },
      },
      targets: [target],
    });
    new events.Rule(this, 'AccessKeyCalls', {
      description: "CloudTrail: API calls signed with an IAM user's long-term access key (AKIA...).",
      eventPattern: {
        detailType: ['AWS API Call via CloudTrail'],
        detail: { userIdentity: { type: ['IAMUser'], accessKeyId: events.Match.prefix('AKIA') } },
      },
      targets: [target],
    });
    this.alarmTopic = new sns.Topic(this, 'Alarms');
    functionAlarms(this, this.function, this.deadLetterQueue, this.alarmTopic);
  }
}
