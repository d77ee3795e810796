import { backoffDelay } from '../util/backoff';
import { isRetryableError, type RetryOptions } from '../util/retry';
import { sleep } from '../util/sleep';

/**
 * {@link retry} for a stream: iterate `open(attempt)`, and when it fails, wait with backoff and iterate
 * `open(attempt + 1)`, at most `attempts` times. What was yielded before the failure stays yielded: `open`
 * decides where a new attempt resumes (e.g. skip what the last one delivered). Same rules as `retry`: an
 * error with `isRetryable === false` or refused by `shouldRetry` is thrown at once, a `retryAfterMs` replaces
 * the backoff delay (capped at `maxMs`), and an abort of `signal` ends the retries with the error.
 *
 * @example
 * ```ts
 * let delivered = 0;
 * const lines = retryStream(
 *   async function* () {
 *     let skip = delivered;
 *     for await (const line of readLines()) if (skip-- <= 0) { delivered += 1; yield line; }
 *   },
 *   { attempts: 3, signal },
 * );
 * ```
 */
export async function* retryStream<T>(
  open: (attempt: number) => AsyncIterable<T>,
  options: RetryOptions = {},
): AsyncGenerator<T> {
  const attempts = options.attempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`retryStream: attempts must be an integer >= 1 (got ${String(attempts)})`);
  }
  const { signal } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      yield* open(attempt);
      return;
    } catch (error) {
      if (signal?.aborted || attempt >= attempts || !isRetryableError(error)) throw error;
      if (options.shouldRetry && !options.shouldRetry(error, attempt)) throw error;
      const given = options.retryAfterMs?.(error) ?? ownRetryAfterMs(error);
      const delay =
        given !== undefined && given >= 0
          ? Math.min(given, options.maxMs ?? 10_000)
          : backoffDelay(attempt, options);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
    }
  }
}

function ownRetryAfterMs(error: unknown): number | undefined {
  const ms = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && ms >= 0 ? ms : undefined;
}
