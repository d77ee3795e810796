/**
 * Space-Saving (Metwally, Agrawal, El Abbadi, "Efficient computation of frequent and top-k elements in data
 * streams", ICDT 2005): the approximate heavy hitters of a stream in `capacity` counters, whatever the
 * number of distinct items.
 *
 * Error bound: with `n` items counted and `m = capacity` counters, every kept item's `count` over-estimates
 * its true frequency `f` by at most its own `error`, and `error <= n / m`: `count - error <= f <= count`.
 * Every item with `f > n / m` is kept. An item is *guaranteed* in the true top-k when `count - error` is at
 * least the `count` of the (k+1)-th kept item. When fewer than `m` distinct items were seen the counts are
 * exact (`error` is 0).
 */

/** One counter of a {@link SpaceSaving} summary. */
export interface SpaceSavingEntry {
  /** The item. */
  key: string;
  /** Estimated frequency: at least the true one, at most `error` above it. */
  count: number;
  /** Largest possible over-estimation of `count` (0: exact). */
  error: number;
}

interface Counter {
  key: string;
  count: number;
  error: number;
  /** Index in the heap. */
  at: number;
}

/** A Space-Saving summary: `capacity` counters in a min-heap on `count`, with an index from key to counter. */
export class SpaceSaving {
  /** Counters kept at most. */
  readonly capacity: number;
  #total = 0;
  readonly #heap: Counter[] = [];
  readonly #byKey = new Map<string, Counter>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be an integer >= 1');
    this.capacity = capacity;
  }

  /** Items counted (the stream length `n`, with weights). */
  get total(): number {
    return this.#total;
  }

  /** Distinct items kept (at most `capacity`). */
  get size(): number {
    return this.#heap.length;
  }

  /** The bound on every counter's over-estimation: `n / m` once the counters are full, else 0 (exact). */
  get maxError(): number {
    return this.#heap.length < this.capacity ? 0 : this.#total / this.capacity;
  }

  /** Count `key` `weight` times (a positive integer, default 1). */
  add(key: string, weight = 1): void {
    this.#total += weight;
    const counter = this.#byKey.get(key);
    if (counter) {
      counter.count += weight;
      this.#down(counter.at);
      return;
    }
    if (this.#heap.length < this.capacity) {
      const fresh: Counter = { key, count: weight, error: 0, at: this.#heap.length };
      this.#heap.push(fresh);
      this.#byKey.set(key, fresh);
      this.#up(fresh.at);
      return;
    }
    // Replace the smallest counter: the newcomer inherits its count as its possible error.
    const min = this.#heap[0] as Counter;
    this.#byKey.delete(min.key);
    min.key = key;
    min.error = min.count;
    min.count += weight;
    this.#byKey.set(key, min);
    this.#down(0);
  }

  /** The kept items, highest count first (ties by key), at most `limit`. */
  top(limit = this.capacity): SpaceSavingEntry[] {
    const out: SpaceSavingEntry[] = this.#heap.map((c) => ({ key: c.key, count: c.count, error: c.error }));
    out.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out.slice(0, limit);
  }

  #up(i: number): void {
    const heap = this.#heap;
    const c = heap[i] as Counter;
    while (i > 0) {
      const parentAt = (i - 1) >> 1;
      const parent = heap[parentAt] as Counter;
      if (parent.count <= c.count) break;
      heap[i] = parent;
      parent.at = i;
      i = parentAt;
    }
    heap[i] = c;
    c.at = i;
  }

  #down(i: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const c = heap[i] as Counter;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = heap[l] as Counter;
      let childAt = l;
      if (r < n && (heap[r] as Counter).count < child.count) {
        child = heap[r] as Counter;
        childAt = r;
      }
      if (child.count >= c.count) break;
      heap[i] = child;
      child.at = i;
      i = childAt;
    }
    heap[i] = c;
    c.at = i;
  }
}
