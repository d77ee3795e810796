import { describe, expect, it } from 'vitest';
import { prng } from '../test/helpers';
import { SpaceSaving } from './space-saving';

describe('SpaceSaving', () => {
  it('is exact while fewer distinct items than counters were seen', () => {
    const s = new SpaceSaving(10);
    for (const k of ['a', 'b', 'a', 'c', 'a', 'b']) s.add(k);
    expect(s.top()).toEqual([
      { key: 'a', count: 3, error: 0 },
      { key: 'b', count: 2, error: 0 },
      { key: 'c', count: 1, error: 0 },
    ]);
    expect(s.maxError).toBe(0);
    expect(s.total).toBe(6);
  });

  it('keeps its error bound on a skewed stream with many more distinct items than counters', () => {
    const capacity = 50;
    const s = new SpaceSaving(capacity);
    const truth = new Map<string, number>();
    const random = prng(7);
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      // Zipf-like: a few heavy keys, a long tail of 5,000 keys.
      const r = random();
      const key = r < 0.5 ? `heavy-${Math.floor(r * 10)}` : `tail-${Math.floor(random() * 5000)}`;
      s.add(key);
      truth.set(key, (truth.get(key) ?? 0) + 1);
    }
    expect(s.size).toBe(capacity);
    expect(s.maxError).toBe(n / capacity);
    const kept = new Map(s.top().map((e) => [e.key, e]));
    for (const e of kept.values()) {
      const f = truth.get(e.key) ?? 0;
      expect(e.count).toBeGreaterThanOrEqual(f);
      expect(e.count - e.error).toBeLessThanOrEqual(f);
      expect(e.error).toBeLessThanOrEqual(n / capacity);
    }
    // Every item more frequent than n / m is kept.
    for (const [key, f] of truth) if (f > n / capacity) expect(kept.has(key)).toBe(true);
    // The five heavy keys come first, in the true order.
    const trueTop = [...truth.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    expect(
      s
        .top(5)
        .map((e) => e.key)
        .sort(),
    ).toEqual(trueTop.map(([k]) => k).sort());
  });

  it('weights, and rejects a capacity below 1', () => {
    const s = new SpaceSaving(2);
    s.add('a', 5);
    s.add('b', 2);
    s.add('c', 1); // replaces b (2): count 3, error 2
    expect(s.top()).toEqual([
      { key: 'a', count: 5, error: 0 },
      { key: 'c', count: 3, error: 2 },
    ]);
    expect(() => new SpaceSaving(0)).toThrow(RangeError);
  });
});
