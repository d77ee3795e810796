import { sleep } from '@trailkit/core';

/**
 * Spaces out sends to at most `perSecond` per second. Each `acquire` reserves the next free slot at once
 * (so concurrent callers queue in order) and waits for it. `pause(ms)` pushes every later slot back, e.g.
 * after a `429 Retry-After`.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private next = 0;

  constructor(perSecond: number) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Wait for the next slot. Rejects with the signal's reason if it aborts while waiting. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.intervalMs;
    if (slot > now) await sleep(slot - now, signal);
  }

  /** Send nothing for `ms` from now. */
  pause(ms: number): void {
    this.next = Math.max(this.next, Date.now() + ms);
  }
}
