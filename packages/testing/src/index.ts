/**
 * @trailkit/testing: local AWS endpoints on 127.0.0.1 for tests (S3, SQS, CloudWatch Logs, Athena), a
 * recording HTTP receiver for testing HTTP sinks, helpers to read a source without a pipeline, and CloudTrail
 * data builders. Public: plugin authors test the same way trailkit does.
 * @packageDocumentation
 */

// --- S3 server, CloudTrail tree upload, S3 notifications (owned by the S3/SQS work)
export {
  S3_TEST_CREDENTIALS,
  startS3Server,
  type S3Fault,
  type S3RequestRecord,
  type S3Server,
  type S3ServerOptions,
} from './s3/s3-server';
export type { S3Operation, S3RequestInfo } from './s3/s3-operation';
export {
  putCloudTrailTree,
  type CloudTrailTreeOptions,
  type UploadedLogFile,
  type UploadedTree,
} from './cloudtrail/put-cloudtrail-tree';
export {
  cloudTrailDayPrefix,
  compactTime,
  digestFileName,
  insightFileName,
  logFileName,
  type TrailLocation,
} from './cloudtrail/cloudtrail-key';
export {
  encodeS3EventKey,
  s3EventNotification,
  s3TestEvent,
  type S3NotificationKind,
  type S3NotificationOptions,
} from './cloudtrail/s3-event-notification';
export { BUILTIN_RECORDS } from './cloudtrail/builtin-records';

// --- SQS server (owned by the S3/SQS work)
export {
  startSqsServer,
  type SqsFault,
  type SqsQueueSnapshot,
  type SqsServer,
  type SqsServerOptions,
} from './sqs/sqs-server';
export { md5OfBody, md5OfMessageAttributes, type SqsMessageAttributeValue } from './sqs/sqs-md5';

// --- CloudWatch Logs server (owned by the CloudWatch Logs/Athena work)
export {
  startCloudWatchLogsServer,
  type CloudWatchLogsServer,
  type CloudWatchLogsServerOptions,
  type LogEventInput,
  type ReceivedLogsRequest,
} from './cloudwatch-logs/cloudwatch-logs-server';
export {
  encodeSubscriptionPayload,
  type SubscriptionPayloadInput,
} from './cloudwatch-logs/subscription-payload';

// --- Athena server (owned by the CloudWatch Logs/Athena work)
export {
  startAthenaServer,
  type AthenaServer,
  type AthenaServerOptions,
  type ReceivedAthenaRequest,
  type ReceivedQuery,
} from './athena/athena-server';
export {
  type PartitionValues,
  recordToRow,
  renderValue,
  type Row,
  type RowValue,
} from './athena/cloudtrail-table';

// --- CloudTrail API server: LookupEvents (event history, rate-limited), CloudTrail Lake queries, ListPublicKeys
export {
  CLOUDTRAIL_TEST_CREDENTIALS,
  startCloudTrailServer,
  type CloudTrailServer,
  type CloudTrailServerOptions,
  type ReceivedCloudTrailRequest,
  type ReceivedLakeQuery,
  type ReceivedLookupCall,
} from './cloudtrail-api/cloudtrail-server';
export { lakeTime } from './cloudtrail-api/lake-store';
export { LOOKUP_ATTRIBUTE_KEYS, lookupResources, lookupUsername } from './cloudtrail-api/lookup-events';
export { TokenBucket } from './cloudtrail-api/token-bucket';

// --- STS (AssumeRole) and Organizations (ListAccounts) servers, for multi-account reads
export {
  accountOfAccessKey,
  type ReceivedAssumeRole,
  startStsServer,
  type StsRole,
  type StsServer,
} from './sts/sts-server';
export {
  type OrganizationAccount,
  type OrganizationsServer,
  type OrganizationsServerOptions,
  startOrganizationsServer,
} from './organizations/organizations-server';

// --- AWS Account server (ListRegions: the enabled regions)
export { type AccountServer, type RegionOptStatus, startAccountServer } from './account/account-server';

// --- HTTP receiver (for testing HTTP sinks: webhooks, Slack, ...)
export {
  closedPort,
  type HttpReceiver,
  type HttpResponder,
  type ReceivedHttpRequest,
  startHttpReceiver,
} from './http/http-receiver';

// --- Reading a source without a pipeline (for testing Source plugins)
export {
  type ReadSourceOptions,
  readSource,
  type SourceReadResult,
  type TestReadContextOptions,
  testReadContext,
} from './source/read-source';

// --- Kill-and-resume runs (proving at-least-once delivery under crashes and Ctrl-C)
export {
  type KillCommand,
  type KillPlan,
  killAndResume,
  quickened,
  type RunOutcome,
  runOnce,
  seeded,
} from './kill/kill-and-resume';
export { type BundleScriptOptions, bundleScript } from './kill/bundle-script';
export { type NdjsonOutput, readNdjsonOutput } from './kill/read-ndjson-output';
export { type SequenceSourceOptions, sequenceSource } from './source/sequence-source';

// --- Signed digest chains (for log file integrity validation; keys served by the CloudTrail server)
export type { ServedPublicKey } from './cloudtrail-api/public-keys';
export {
  generateSigningKey,
  listPublicKeysOutput,
  putTrailObjects,
  signDigest,
  signedTrail,
  type SignedTrailOptions,
  type SigningKey,
  type TrailObject,
  writeTrailTree,
} from './cloudtrail/signed-trail';
// --- Posture (trailkit audit): CloudTrail control plane (in the CloudTrail server), KMS, Config, S3 bucket configuration
export type { TrailDefinition, TrailEventSelector } from './cloudtrail-api/trail-configuration';
export { type KmsKeyDefinition, type KmsServer, startKmsServer } from './kms/kms-server';
export { type ConfigRecorderDefinition, type ConfigServer, startConfigServer } from './config/config-server';
export {
  type BucketConfigServer,
  type BucketConfiguration,
  startBucketConfigServer,
} from './s3-bucket-config/bucket-config-server';

// --- Running items through a pipeline into one sink (for Sink plugin tests)
export { collectingLog, fastRetry, itemsSource, memoryDeadLetter, runInto } from './sink/run-into';
