/** Backoff settings: exponential from `baseMs`, capped at `maxMs`, with full jitter. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** A number in [0, 1); default `Math.random`. Injectable for tests. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): a random value in
 * `[d/2, d]` where `d = min(maxMs, baseMs * 2^(attempt-1))` ("equal jitter": spreads retries out while
 * keeping a floor so a struggling receiver gets a real pause).
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const r = (options.random ?? Math.random)();
  return Math.round(exp / 2 + (exp / 2) * r);
}

/**
 * Parse a `Retry-After` header: delta seconds (`"120"`) or an HTTP date (`"Wed, 21 Oct 2015 07:28:00 GMT"`).
 * Returns milliseconds to wait from `now` (never negative), or `undefined` when absent or malformed.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP date (IMF-fixdate and the obsolete forms) always names GMT; anything else is malformed.
  if (!/GMT$/.test(v)) return undefined;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Resolve after `ms`, or reject with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
