import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map';

/** The plain least-recently-used reference: every get moves the key to the end. */
class ReferenceLru {
  map = new Map<number, number>();
  constructor(private readonly max: number) {}
  get(k: number): number | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: number, v: number): void {
    this.map.delete(k);
    this.map.set(k, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as number);
  }
  delete(k: number): void {
    this.map.delete(k);
  }
}

describe('BoundedMap', () => {
  it('evicts exactly like a plain LRU over a long random mix of get/set/delete (with repeated keys)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const a = new BoundedMap<number, number>(5);
    const b = new ReferenceLru(5);
    let last = 0;
    for (let i = 0; i < 20_000; i++) {
      const k = rand(3) === 0 ? last : rand(9); // runs of the same key exercise the newest-key shortcut
      last = k;
      const op = rand(10);
      if (op < 5) expect(a.get(k)).toBe(b.get(k));
      else if (op < 9) {
        a.set(k, i);
        b.set(k, i);
      } else {
        a.delete(k);
        b.delete(k);
      }
      expect([...a.entries()]).toEqual([...b.map.entries()]);
    }
    expect(a.evicted).toBeGreaterThan(100);
  });
});
