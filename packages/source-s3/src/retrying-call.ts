import { isRetryableAwsError, retry } from '@trailkit/core/plugin';
import { toSourceError } from './aws-errors';
import type { CallRetry } from './options';

/**
 * Run one AWS call, retrying throttling, 5xx and transient network errors with backoff (`policy`). A final
 * failure becomes this package's typed error naming `source`, `object` and the attempts made; when `signal`
 * aborted, the error is rethrown as is. Shared by the S3 walker/readers and the SQS source.
 */
export async function retryingCall<T>(
  policy: CallRetry,
  source: string,
  object: string | undefined,
  signal: AbortSignal,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  let attempts = 0;
  try {
    return await retry(
      () => {
        attempts += 1;
        return fn(signal);
      },
      {
        ...policy,
        signal,
        shouldRetry: isRetryableAwsError,
      },
    );
  } catch (error) {
    if (signal.aborted) throw error;
    throw toSourceError(error, source, object, attempts);
  }
}
