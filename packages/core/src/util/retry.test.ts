import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { RecentIds } from './recent-ids';
import { retry } from './retry';
import { sleep } from './sleep';

describe('backoffDelay', () => {
  it('doubles from baseMs and caps at maxMs (no jitter)', () => {
    const d = (n: number) => backoffDelay(n, { baseMs: 100, maxMs: 1000, jitter: 'none' });
    expect([1, 2, 3, 4, 5, 6, 100].map(d)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });
  it('full jitter is uniform in [0, capped]; equal jitter in [capped/2, capped]', () => {
    expect(backoffDelay(3, { baseMs: 100, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { baseMs: 100, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(3, { baseMs: 100, random: () => 0.999999 })).toBe(400);
    expect(backoffDelay(3, { baseMs: 100, jitter: 'equal', random: () => 0 })).toBe(200);
    expect(backoffDelay(3, { baseMs: 100, jitter: 'equal', random: () => 0.5 })).toBe(300);
  });
});

describe('retry', () => {
  it('returns the first success and passes the attempt number', async () => {
    const seen: number[] = [];
    const delays: number[] = [];
    const result = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new Error(`fail ${attempt}`);
        return 'ok';
      },
      { attempts: 5, baseMs: 1, jitter: 'none', onRetry: (_e, _a, ms) => delays.push(ms) },
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(delays).toEqual([1, 2]);
  });

  it('rejects with the last error when attempts run out', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error(`fail ${calls}`);
        },
        { attempts: 3, baseMs: 0 },
      ),
    ).rejects.toThrow('fail 3');
    expect(calls).toBe(3);
  });

  it('does not retry when shouldRetry says no', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new TypeError('bad request');
        },
        { attempts: 5, baseMs: 0, shouldRetry: (e) => !(e instanceof TypeError) },
      ),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  it('uses retryAfterMs when it gives a delay', async () => {
    const delays: number[] = [];
    await retry(
      async (a) => {
        if (a === 1) throw Object.assign(new Error('429'), { retryAfter: 7 });
      },
      {
        retryAfterMs: (e) => (e as { retryAfter?: number }).retryAfter,
        onRetry: (_e, _a, ms) => delays.push(ms),
      },
    );
    expect(delays).toEqual([7]);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = Date.now();
    const p = retry(
      async () => {
        calls++;
        throw new Error('down');
      },
      { attempts: 10, baseMs: 60_000, jitter: 'none', signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('cancelled')), 10);
    await expect(p).rejects.toThrow('cancelled');
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('never retries an error with isRetryable === false, whatever shouldRetry says', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw Object.assign(new Error('400'), { isRetryable: false });
        },
        { attempts: 5, baseMs: 0, shouldRetry: () => true },
      ),
    ).rejects.toThrow('400');
    expect(calls).toBe(1);
  });

  it("waits for an error's own retryAfterMs, capped at maxMs", async () => {
    const delays: number[] = [];
    let calls = 0;
    await retry(
      async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('429'), { isRetryable: true, retryAfterMs: 30 });
        if (calls === 2)
          throw Object.assign(new Error('429'), { isRetryable: true, retryAfterMs: 3_600_000 });
      },
      { attempts: 3, baseMs: 1, maxMs: 40, jitter: 'none', onRetry: (_e, _a, ms) => delays.push(ms) },
    );
    expect(delays).toEqual([30, 40]);
  });

  it('rejects bad attempts', async () => {
    await expect(retry(async () => 1, { attempts: 0 })).rejects.toThrow(RangeError);
  });
});

describe('sleep', () => {
  it('rejects with an AbortError when aborted', async () => {
    await expect(sleep(10, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('RecentIds', () => {
  it('remembers the last N ids only', () => {
    const ids = new RecentIds(3);
    expect(['a', 'b', 'c'].map((x) => ids.add(x))).toEqual([true, true, true]);
    expect(ids.add('a')).toBe(false);
    expect(ids.add('d')).toBe(true);
    expect(ids.has('a')).toBe(false);
    expect(ids.size).toBe(3);
    expect(ids.add('a')).toBe(true);
    expect(() => new RecentIds(0)).toThrow(RangeError);
  });
});
