import { type BackoffOptions, backoffDelay } from './backoff';
import { sleep } from './sleep';

/** Options of {@link retry}. */
export interface RetryOptions extends BackoffOptions {
  /** Total attempts, the first one included (default 5). `1` means no retry. */
  attempts?: number;
  /** Stops waiting and retrying as soon as it aborts; `retry` then rejects with the abort reason. */
  signal?: AbortSignal;
  /** Return false for errors that must not be retried (default: retry every error). */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /**
   * A server-given delay for this error (e.g. from `Retry-After`), in milliseconds. When it returns a
   * number, that delay is used instead of the backoff delay.
   */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Called before each wait, with the error, the attempt that failed (1-based) and the delay. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Call `fn` until it resolves, at most `attempts` times, waiting with exponential backoff and jitter
 * between attempts. `fn` receives the attempt number (1-based). Rejects with the last error when the
 * attempts are used up or `shouldRetry` says no, and with the abort reason when `signal` aborts.
 *
 * @example
 * ```ts
 * const res = await retry(() => fetch(url, { signal }), { attempts: 4, baseMs: 100, signal });
 * ```
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`retry: attempts must be an integer >= 1 (got ${String(attempts)})`);
  }
  const { signal } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted) throw error;
      if (attempt >= attempts) throw error;
      if (options.shouldRetry && !options.shouldRetry(error, attempt)) throw error;
      const given = options.retryAfterMs?.(error);
      const delay = given !== undefined && given >= 0 ? given : backoffDelay(attempt, options);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
    }
  }
}
