import { SourceError, TrailkitError } from '@trailkit/core';

/** Codes of {@link CloudTrailSourceError}. */
export type CloudTrailSourceErrorCode =
  /** CloudTrail refused a request (access denied, bad parameter, expired token), or throttling outlasted the retries. */
  | 'CLOUDTRAIL_REQUEST_FAILED'
  /** A CloudTrail Lake query ended FAILED, TIMED_OUT or CANCELLED (by someone else). */
  | 'CLOUDTRAIL_QUERY_FAILED';

/**
 * Thrown by `lookupEventsSource` and `cloudTrailLakeSource` when CloudTrail refuses a request for a reason
 * other than throttling, when throttling outlasts the retries, or when a Lake query does not finish.
 * `object` names the region (`lookup://us-east-1`) or the query; `cause` holds the SDK error.
 */
export class CloudTrailSourceError extends SourceError {
  static override readonly kind: string = 'CloudTrailSourceError';
  declare readonly code: CloudTrailSourceErrorCode;

  constructor(
    code: CloudTrailSourceErrorCode,
    source: string,
    object: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, source, object, detail, options);
    this.name = 'CloudTrailSourceError';
  }

  /** True for a {@link CloudTrailSourceError} from any copy of the package. */
  static override isInstance(error: unknown): error is CloudTrailSourceError {
    return TrailkitError.isInstance(error) && error.name === 'CloudTrailSourceError';
  }
}
