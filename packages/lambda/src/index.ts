/**
 * @trailkit/lambda: run a trailkit pipeline in AWS Lambda. Handler adapters for S3 event notifications
 * (direct, via SNS, via EventBridge), SQS batches of them (with the partial batch response), CloudWatch
 * Logs subscription payloads and EventBridge CloudTrail events. The pipeline is built once per container;
 * each invocation is bounded by its remaining time and reports what it did not finish.
 * @packageDocumentation
 */
export { sqsHandler, type SqsLambdaHandler } from './sqs-handler';
export { s3Handler, type S3LambdaHandler } from './s3-handler';
export type { S3NotificationLambdaEvent } from './s3-notification-items';
export { cloudWatchLogsHandler, type CloudWatchLogsLambdaHandler } from './cloudwatch-logs-handler';
export { eventBridgeHandler, type EventBridgeLambdaHandler } from './eventbridge-handler';
export {
  CLOUDTRAIL_DETAIL_TYPES,
  type CloudTrailDetailType,
  type CloudTrailEventBridgeEvent,
  isCloudTrailEventBridgeEvent,
  unwrapCloudTrailEvent,
} from './cloudtrail-event';
export type { InvocationOutcome } from './run-invocation';
export { HANDLER_OPTIONS_SCHEMA, type HandlerOptions } from './options';
export { keepOpen } from './keep-open';
export { jsonLogger, type JsonLogger, type JsonLoggerOptions, type LogLevel } from './json-logger';
export { InvocationFailedError, type FailedItem } from './errors';
