import { SourceError, TrailkitError } from '@trailkit/core';

/** Codes of {@link CloudWatchLogsSourceError}. */
export type CloudWatchLogsSourceErrorCode = 'CWL_LOG_GROUP_NOT_FOUND' | 'CWL_REQUEST_FAILED';

/**
 * Thrown by `cloudWatchLogsSource` when CloudWatch Logs refuses a request for a reason other than
 * throttling (missing log group or stream, bad pattern, access denied), or when throttling outlasts the
 * retries. `cause` holds the SDK error.
 */
export class CloudWatchLogsSourceError extends SourceError {
  declare readonly code: CloudWatchLogsSourceErrorCode;

  constructor(
    code: CloudWatchLogsSourceErrorCode,
    logGroupName: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, 'cloudwatch-logs', logGroupName, detail, options);
    this.name = 'CloudWatchLogsSourceError';
  }

  /** True for a {@link CloudWatchLogsSourceError} from any copy of the package. */
  static override isInstance(error: unknown): error is CloudWatchLogsSourceError {
    return TrailkitError.isInstance(error) && error.name === 'CloudWatchLogsSourceError';
  }
}
