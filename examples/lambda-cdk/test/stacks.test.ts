import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { AutoResponseStack } from '../src/auto-response-stack';
import { TrailWorkerStack } from '../src/trail-worker-stack';

const ENV = { account: '111111111111', region: 'us-east-1' };
/** CDK's built-in template validation (a WASM engine, ~3 s a synth here) runs on the worker stack only. */
const fastApp = () => new App({ builtinCloudFormationValidation: false });
const code = lambda.Code.fromInline('export const handler = async () => ({ batchItemFailures: [] });');

/** Every statement of the role policies attached to the function's role. */
function functionStatements(template: Template, roleLogicalIdPrefix: string): Array<Record<string, unknown>> {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) =>
      (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref.startsWith(roleLogicalIdPrefix)),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>);
}

const actionsOf = (statements: Array<Record<string, unknown>>) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

describe('TrailWorkerStack: trail bucket → SQS → Lambda', () => {
  const stack = new TrailWorkerStack(new App(), 'Worker', { env: ENV, code });
  const template = Template.fromStack(stack);

  it('notifies the queue of new log files, with a dead-letter queue', () => {
    const [notifications] = Object.values(template.findResources('Custom::S3BucketNotifications'));
    const [queueConfig] = notifications?.Properties.NotificationConfiguration.QueueConfigurations ?? [];
    expect(queueConfig.Events).toEqual(['s3:ObjectCreated:*']);
    expect(queueConfig.QueueArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Notifications/), 'Arn'] });
    expect(queueConfig.Filter.Key.FilterRules).toEqual(
      expect.arrayContaining([
        { Name: 'prefix', Value: 'AWSLogs/' },
        { Name: 'suffix', Value: '.json.gz' },
      ]),
    );
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('invokes the function with partial batch responses on', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Timeout: 60,
    });
  });

  it('least privilege: the function reads log objects under AWSLogs/ and consumes its queue, nothing else', () => {
    const statements = functionStatements(template, 'TrailWorkerServiceRole');
    expect(actionsOf(statements)).toEqual([
      's3:GetObject',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    const s3Read = statements.find((s) => s.Action === 's3:GetObject');
    expect(JSON.stringify(s3Read?.Resource)).toMatch(/"\/AWSLogs\/\*"/);
    for (const s of statements) expect(s.Resource).not.toBe('*');
    const sqs = statements.find((s) => actionsOf([s]).includes('sqs:ReceiveMessage'));
    expect(sqs?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Notifications/), 'Arn'] });
  });

  it('alarms on function errors, dead letters and queue age, to an SNS topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((a) => a.Properties.MetricName).sort()).toEqual([
      'ApproximateAgeOfOldestMessage',
      'ApproximateNumberOfMessagesVisible',
      'Errors',
    ]);
    for (const a of alarms) expect(a.Properties.AlarmActions).toHaveLength(1);
  });
});

describe('AutoResponseStack: EventBridge → Lambda automated response', () => {
  it('dry-run by default: APPLY=0 and no write permission at all', () => {
    const template = Template.fromStack(new AutoResponseStack(fastApp(), 'Dry', { env: ENV, code }));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ APPLY: '0' }) },
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
    const statements = functionStatements(template, 'AutoResponseServiceRole');
    expect(actionsOf(statements)).toEqual(['sqs:SendMessage']); // its dead-letter queue only
  });

  it('routes CloudTrail API calls to the function; apply grants exactly the two remediation calls', () => {
    const template = Template.fromStack(
      new AutoResponseStack(fastApp(), 'Apply', { env: ENV, code, apply: true }),
    );
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ec2'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['AuthorizeSecurityGroupIngress'] },
      },
      Targets: [
        Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 } }),
      ],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { detail: { userIdentity: { type: ['IAMUser'], accessKeyId: [{ prefix: 'AKIA' }] } } },
    });
    template.resourceCountIs('AWS::Lambda::Permission', 2);
    const statements = functionStatements(template, 'AutoResponseServiceRole');
    expect(actionsOf(statements)).toEqual([
      'ec2:RevokeSecurityGroupIngress',
      'iam:UpdateAccessKey',
      'sqs:SendMessage',
    ]);
    const resources = Object.fromEntries(
      statements.map((s) => [String(s.Action), JSON.stringify(s.Resource)]),
    );
    expect(resources['ec2:RevokeSecurityGroupIngress']).toMatch(/:ec2:\*:111111111111:security-group\/\*/);
    expect(resources['iam:UpdateAccessKey']).toMatch(/:iam::111111111111:user\/\*/);
  });
});
