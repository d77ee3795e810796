/**
 * Errors thrown by `@trailkit/lambda`. Each has a stable `code` and a static `isInstance` check that works
 * across copies of the package (core's recipe: `static kind`, inherited kinds).
 */
import { TrailkitError } from '@trailkit/core';
import { hasErrorKind } from '@trailkit/core/plugin';

/** One item of an invocation that was not fully processed, and why. */
export interface FailedItem {
  /** The item: an SQS message id, `s3://bucket/key`, `awslogs`, or the EventBridge event id. */
  id: string;
  /** Why: the error's message, or `unfinished` when the time ran out before every sink wrote it. */
  reason: string;
}

/**
 * Thrown by the S3, CloudWatch Logs and EventBridge handlers (asynchronous invocations, whose only failure
 * signal is an error) when some item was not written by every sink: an object could not be read, a sink
 * failed, or the remaining time ran out. Lambda then retries the invocation (and, after its retries, sends
 * it to the function's on-failure destination or dead-letter queue), so nothing is lost; items that were
 * done are delivered again (at least once). `failed` lists the items, `code` is `LAMBDA_ITEMS_FAILED`.
 */
export class InvocationFailedError extends TrailkitError {
  static override readonly kind: string = 'InvocationFailedError';
  /** The items not written by every sink. */
  readonly failed: readonly FailedItem[];

  constructor(failed: readonly FailedItem[], total: number, options?: { cause?: unknown }) {
    const first = failed[0];
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more)` : '';
    super(
      'LAMBDA_ITEMS_FAILED',
      `${failed.length} of ${total} item(s) not processed: ${first?.id}: ${first?.reason}${more}`,
      options,
    );
    this.name = 'InvocationFailedError';
    this.failed = failed;
  }

  /** True for an {@link InvocationFailedError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvocationFailedError {
    return hasErrorKind(error, 'InvocationFailedError');
  }
}
