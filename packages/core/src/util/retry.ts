import { type BackoffOptions, backoffDelay } from './backoff';
import { sleep } from './sleep';

/** Options of {@link retry}. */
export interface RetryOptions extends BackoffOptions {
  /** Total attempts, the first one included (default 5). `1` means no retry. */
  attempts?: number;
  /** Stops waiting and retrying as soon as it aborts; `retry` then rejects with the abort reason. */
  signal?: AbortSignal;
  /**
   * Return false for errors that must not be retried. Whatever it says, an error with
   * `isRetryable === false` (e.g. an `HttpCallError` for a `400`) is never retried.
   */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /**
   * A server-given delay for this error (e.g. from `Retry-After`), in milliseconds. When it returns a
   * number, that delay is used instead of the backoff delay. Default: the error's own `retryAfterMs`
   * property, when it is a number (as on `HttpCallError`).
   */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Called before each wait, with the error, the attempt that failed (1-based) and the delay. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Call `fn` until it resolves, at most `attempts` times, waiting with exponential backoff and jitter
 * between attempts. `fn` receives the attempt number (1-based). Rejects with the last error when the
 * attempts are used up or the error is not retryable, and with the abort reason when `signal` aborts.
 *
 * Classified errors steer it: an error with `isRetryable === false` is thrown at once, and an error's
 * `retryAfterMs` (a server's `Retry-After`) replaces the backoff delay, capped at `maxMs`.
 *
 * @example
 * ```ts
 * const res = await retry(() => postJson({ url, body, signal }), { attempts: 4, baseMs: 100, signal });
 * ```
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`retry: attempts must be an integer >= 1 (got ${String(attempts)})`);
  }
  const { signal } = options;
  const retryAfter = options.retryAfterMs ?? errorRetryAfterMs;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted) throw error;
      if (attempt >= attempts) throw error;
      if (!isRetryableError(error)) throw error;
      if (options.shouldRetry && !options.shouldRetry(error, attempt)) throw error;
      const given = retryAfter(error);
      const delay =
        given !== undefined && given >= 0
          ? Math.min(given, options.maxMs ?? 10_000)
          : backoffDelay(attempt, options);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
    }
  }
}

/** False only for an error that says so (`isRetryable === false`); every other error may be retried. */
export function isRetryableError(error: unknown): boolean {
  return !(
    typeof error === 'object' &&
    error !== null &&
    (error as { isRetryable?: unknown }).isRetryable === false
  );
}

/** The error's own `retryAfterMs`, when it is a number >= 0. */
function errorRetryAfterMs(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const ms = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof ms === 'number' && ms >= 0 ? ms : undefined;
}
