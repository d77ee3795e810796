/**
 * @trailkit/source-cloudwatch-logs: read CloudTrail events from a CloudWatch Logs log group
 * (`FilterLogEvents` with filter-pattern pushdown, paging, follow mode) and decode subscription payloads.
 * @packageDocumentation
 */
export { cloudWatchLogsSource } from './cloudwatch-logs-source';
export type { CloudWatchLogsSourceOptions } from './options';
export type { CloudWatchLogsPosition } from './position';
export { decodeSubscriptionPayload, type DecodeSubscriptionOptions } from './subscription-payload';
export { CloudWatchLogsSourceError, type CloudWatchLogsSourceErrorCode } from './errors';
