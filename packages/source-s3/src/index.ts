/**
 * @trailkit/source-s3: read CloudTrail log files from S3 (the CloudTrail key layout, with account, region and
 * time pruning) and, to scale out, from S3 event notifications delivered through SQS.
 * @packageDocumentation
 */
export { s3Source, type S3Source } from './s3-source';
export type { S3Listing } from './list-ahead';
export type {
  CallRetry,
  DeadLetterPolicy,
  S3SourceOptions,
  SqsSourceOptions,
  TimeInput,
} from './options';
export type { S3Position } from './progress';
export {
  PoisonMessageError,
  S3AccessDeniedError,
  S3ObjectNotFoundError,
  S3RequestError,
  S3ThrottledError,
} from './errors';
export { sqsSource, type SqsSource, type SqsSourceStats } from './sqs-source';
export { parseNotification, type Notification, type ObjectRef } from './notification';
