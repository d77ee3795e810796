import { SourceError } from '@trailkit/core';
import { hasErrorKind } from '@trailkit/core/plugin';

/** Codes of {@link CloudWatchLogsSourceError}. */
export type CloudWatchLogsSourceErrorCode = 'CWL_LOG_GROUP_NOT_FOUND' | 'CWL_REQUEST_FAILED';

/**
 * Thrown by `cloudWatchLogsSource` when CloudWatch Logs refuses a request for a reason other than
 * throttling (missing log group or stream, bad pattern, access denied), or when throttling outlasts the
 * retries. `cause` holds the SDK error.
 */
export class CloudWatchLogsSourceError extends SourceError {
  static override readonly kind: string = 'CloudWatchLogsSourceError';
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
    return hasErrorKind(error, 'CloudWatchLogsSourceError');
  }
}

/** The SDK error of a failed call (after its retries) as a {@link CloudWatchLogsSourceError}. */
export function requestError(logGroupName: string, error: unknown): CloudWatchLogsSourceError {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'ResourceNotFoundException') {
    return new CloudWatchLogsSourceError('CWL_LOG_GROUP_NOT_FOUND', logGroupName, message, { cause: error });
  }
  return new CloudWatchLogsSourceError('CWL_REQUEST_FAILED', logGroupName, `${name}: ${message}`, {
    cause: error,
  });
}
