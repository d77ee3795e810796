import { describe, expect, it } from 'vitest';
import { prefetch } from './prefetch';

async function* numbers(log: string[], n: number, failAt?: number) {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new Error(`fail at ${i}`);
    log.push(`produce ${i}`);
    yield i;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('prefetch', () => {
  it('reads ahead up to the limit before anyone asks, then gives every value in order', async () => {
    const log: string[] = [];
    const p = prefetch(numbers(log, 5), 2);
    await tick();
    expect(log).toEqual(['produce 0', 'produce 1']); // bounded: waits while 2 are buffered
    const got: number[] = [];
    for await (const v of p) got.push(v);
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it('throws the error after the values before it; cancel stops the reading', async () => {
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const v of prefetch(numbers([], 5, 3), 10)) got.push(v);
      })(),
    ).rejects.toThrow('fail at 3');
    expect(got).toEqual([0, 1, 2]);
    const log: string[] = [];
    const p = prefetch(numbers(log, 100), 1);
    await tick();
    p.cancel();
    await tick();
    expect(log.length).toBeLessThanOrEqual(2);
  });
});
