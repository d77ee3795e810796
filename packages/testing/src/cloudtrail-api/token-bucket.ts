/**
 * A token bucket: `rate` calls per second on average, bursts of at most `rate` calls (how AWS states and
 * enforces per-API request rates such as LookupEvents' 2 per second per account and region).
 */
export class TokenBucket {
  readonly #rate: number;
  #tokens: number;
  #at: number;

  constructor(rate: number, now = Date.now()) {
    this.#rate = rate;
    this.#tokens = rate;
    this.#at = now;
  }

  /** Take one token; false when the bucket is empty (the call is throttled). */
  take(now = Date.now()): boolean {
    this.#tokens = Math.min(this.#rate, this.#tokens + ((now - this.#at) / 1000) * this.#rate);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
