import { describe, expect, it } from 'vitest';
import { listAhead } from './list-ahead';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** A listing of `n` keys, counting how many were pulled and whether it was closed early. */
function lister(n: number, failAt?: number) {
  const state = { pulled: 0, closed: false };
  async function* items() {
    try {
      for (let i = 0; i < n; i++) {
        await tick();
        if (i === failAt) throw new Error(`listing failed at ${i}`);
        state.pulled++;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { items: items(), state };
}

describe('listAhead', () => {
  it('lists up to `limit` keys ahead of a slow consumer, then completes while it still reads', async () => {
    const { items, state } = lister(10);
    const listed: number[] = [];
    let complete = false;
    const seen: Array<{ item: number; listed: number; complete: boolean }> = [];
    for await (const item of listAhead(
      items,
      3,
      (i) => listed.push(i),
      () => {
        complete = true;
      },
    )) {
      await tick(5);
      seen.push({ item, listed: listed.length, complete });
    }
    expect(seen.map((s) => s.item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // never more than `limit` listed beyond what was taken (the one in hand included)
    for (const [i, s] of seen.entries()) expect(s.listed).toBeLessThanOrEqual(i + 1 + 3);
    // ahead of the consumer: more listed than read at the first item, and complete before the last
    expect(seen[0]!.listed).toBeGreaterThan(1);
    expect(seen[7]!.complete).toBe(true);
    expect(seen[0]!.complete).toBe(false);
    expect(state.pulled).toBe(10);
  });

  it('with limit 0 lists only what is asked for', async () => {
    const { items } = lister(5);
    let listed = 0;
    const atFirst: number[] = [];
    for await (const _ of listAhead(
      items,
      0,
      () => listed++,
      () => undefined,
    )) {
      await tick(3);
      atFirst.push(listed);
    }
    expect(atFirst).toEqual([1, 2, 3, 4, 5]);
  });

  it('throws a listing error after the keys listed before it', async () => {
    const { items } = lister(10, 4);
    const got: number[] = [];
    await expect(async () => {
      for await (const item of listAhead(
        items,
        100,
        () => undefined,
        () => undefined,
      ))
        got.push(item);
    }).rejects.toThrow('listing failed at 4');
    expect(got).toEqual([0, 1, 2, 3]);
  });

  it('stops listing when the consumer stops early', async () => {
    const { items, state } = lister(1000);
    for await (const item of listAhead(
      items,
      5,
      () => undefined,
      () => undefined,
    )) {
      if (item === 2) break;
    }
    await tick(20);
    expect(state.closed).toBe(true);
    expect(state.pulled).toBeLessThan(20);
  });
});
