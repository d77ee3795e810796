import { sleep } from '@trailkit/core/plugin';

/**
 * Spaces calls at least `1000 / callsPerSecond` ms apart (call starts), so that one client never exceeds an
 * API's stated rate: LookupEvents allows 2 calls per second per account and region. One limiter per region.
 */
export class RateLimiter {
  readonly #interval: number;
  #next = 0;

  constructor(callsPerSecond: number) {
    this.#interval = 1000 / callsPerSecond;
  }

  /** Wait for the next free slot (rejects with the abort reason when `signal` aborts). */
  async wait(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.#interval;
    if (at > now) await sleep(at - now, signal);
  }
}
