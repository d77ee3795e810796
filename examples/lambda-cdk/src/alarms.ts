import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Alarms every trailkit function gets: it failed, or something waits in its dead-letter queue. */
export function functionAlarms(
  scope: Construct,
  fn: lambda.IFunction,
  dlq: sqs.IQueue,
  topic: sns.ITopic,
): void {
  const notify = new actions.SnsAction(topic);
  new cloudwatch.Alarm(scope, 'FunctionErrorsAlarm', {
    alarmDescription: 'The trailkit function failed (an invocation threw or timed out).',
    metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  }).addAlarmAction(notify);
  new cloudwatch.Alarm(scope, 'DeadLettersAlarm', {
    alarmDescription: 'Messages reached the dead-letter queue: they were retried and still failed.',
    metric: dlq.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  }).addAlarmAction(notify);
}
