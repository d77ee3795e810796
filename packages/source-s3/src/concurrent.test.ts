import { describe, expect, it } from 'vitest';
import { mergeConcurrent, withLast } from './concurrent';

async function* from<T>(items: T[]) {
  yield* items;
}
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mergeConcurrent', () => {
  it('runs at most `limit` workers at once and keeps each item in order', async () => {
    let running = 0;
    let peak = 0;
    const out: string[] = [];
    const work = async function* (n: number) {
      running += 1;
      peak = Math.max(peak, running);
      for (let i = 0; i < 3; i++) {
        await tick(n === 0 ? 5 : 1);
        yield `${n}.${i}`;
      }
      running -= 1;
    };
    for await (const { value } of mergeConcurrent(from([0, 1, 2, 3, 4]), 2, work)) out.push(value);
    expect(peak).toBe(2);
    expect(out).toHaveLength(15);
    for (let n = 0; n < 5; n++)
      expect(out.filter((v) => v.startsWith(`${n}.`))).toEqual([`${n}.0`, `${n}.1`, `${n}.2`]);
  });

  it('starts work on an item while the next item is still coming (a long-polling queue)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slowItems() {
      yield 1;
      await gate; // the queue has nothing more until the first item's work is seen
      yield 2;
    }
    const out: number[] = [];
    for await (const { value } of mergeConcurrent(slowItems(), 4, async function* (n: number) {
      yield n * 10;
    })) {
      out.push(value);
      if (value === 10) release();
    }
    expect(out).toEqual([10, 20]);
  });

  it('closes running workers when one throws', async () => {
    const closed: number[] = [];
    const work = async function* (n: number) {
      try {
        await tick(n);
        if (n === 1) throw new Error('boom');
        yield n;
        await tick(50);
        yield n;
      } finally {
        closed.push(n);
      }
    };
    await expect(async () => {
      for await (const _ of mergeConcurrent(from([5, 1]), 2, work)) {
        // consume
      }
    }).rejects.toThrow('boom');
    expect(closed.sort()).toEqual([1, 5]);
  });
});

describe('withLast', () => {
  it('marks the final value', async () => {
    const out: Array<{ value: number; last: boolean }> = [];
    for await (const step of withLast(from([1, 2, 3]))) out.push(step);
    expect(out.map((s) => s.last)).toEqual([false, false, true]);
    const none: unknown[] = [];
    for await (const step of withLast(from([]))) none.push(step);
    expect(none).toEqual([]);
  });
});
