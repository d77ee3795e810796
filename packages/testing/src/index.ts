/**
 * @trailkit/testing: local AWS endpoints on 127.0.0.1 for tests (S3, SQS, CloudWatch Logs, Athena) and
 * CloudTrail data builders. Public: plugin authors test the same way trailkit does.
 * @packageDocumentation
 */

// --- S3 server, CloudTrail tree upload, S3 notifications (owned by the S3/SQS work)

// --- SQS server (owned by the S3/SQS work)

// --- CloudWatch Logs server (owned by the CloudWatch Logs/Athena work)

// --- Athena server (owned by the CloudWatch Logs/Athena work)
export {};
