/** How long to wait between attempts: exponential backoff, capped, with jitter. */
export interface BackoffOptions {
  /** Delay before the first retry, in milliseconds (default 200). */
  baseMs?: number;
  /** Largest delay, in milliseconds (default 10 000). */
  maxMs?: number;
  /**
   * `full` (default): a uniform random delay in `[0, capped]` (AWS's "full jitter"); `equal`: half fixed,
   * half random; `none`: exactly the capped exponential delay.
   */
  jitter?: 'full' | 'equal' | 'none';
  /** Random number source in `[0, 1)` (default `Math.random`); inject one for reproducible tests. */
  random?: () => number;
}

/**
 * The delay before retry number `retry` (1 for the first retry): `min(maxMs, baseMs × 2^(retry-1))`, then
 * jittered. Always an integer number of milliseconds, never negative.
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 200;
  const max = options.maxMs ?? 10_000;
  const random = options.random ?? Math.random;
  const exponent = Math.max(0, retry - 1);
  const capped = Math.min(max, base * 2 ** Math.min(exponent, 52));
  switch (options.jitter ?? 'full') {
    case 'none':
      return Math.round(capped);
    case 'equal':
      return Math.round(capped / 2 + random() * (capped / 2));
    default:
      return Math.round(random() * capped);
  }
}
