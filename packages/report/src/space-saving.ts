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

/** A Space-Saving summary: `capacity` counters in a min-heap on `count`, with an index from key to slot. */
export class SpaceSaving {
  /** Counters kept at most. */
  readonly capacity: number;
  #total = 0;
  readonly #keys: string[] = [];
  readonly #counts: number[] = [];
  readonly #errors: number[] = [];
  readonly #slot = new Map<string, number>();

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
    return this.#keys.length;
  }

  /** The bound on every counter's over-estimation: `n / m` once the counters are full, else 0 (exact). */
  get maxError(): number {
    return this.#keys.length < this.capacity ? 0 : this.#total / this.capacity;
  }

  /** Count `key` `weight` times (a positive integer, default 1). */
  add(key: string, weight = 1): void {
    this.#total += weight;
    const at = this.#slot.get(key);
    if (at !== undefined) {
      this.#counts[at] = (this.#counts[at] as number) + weight;
      this.#down(at);
      return;
    }
    if (this.#keys.length < this.capacity) {
      const i = this.#keys.length;
      this.#keys.push(key);
      this.#counts.push(weight);
      this.#errors.push(0);
      this.#slot.set(key, i);
      this.#up(i);
      return;
    }
    // Replace the smallest counter: the newcomer inherits its count as its possible error.
    const min = this.#counts[0] as number;
    this.#slot.delete(this.#keys[0] as string);
    this.#keys[0] = key;
    this.#counts[0] = min + weight;
    this.#errors[0] = min;
    this.#slot.set(key, 0);
    this.#down(0);
  }

  /** The kept items, highest count first (ties by key), at most `limit`. */
  top(limit = this.capacity): SpaceSavingEntry[] {
    const out: SpaceSavingEntry[] = this.#keys.map((key, i) => ({
      key,
      count: this.#counts[i] as number,
      error: this.#errors[i] as number,
    }));
    out.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out.slice(0, limit);
  }

  #swap(i: number, j: number): void {
    const k = this.#keys[i] as string;
    const c = this.#counts[i] as number;
    const e = this.#errors[i] as number;
    this.#keys[i] = this.#keys[j] as string;
    this.#counts[i] = this.#counts[j] as number;
    this.#errors[i] = this.#errors[j] as number;
    this.#keys[j] = k;
    this.#counts[j] = c;
    this.#errors[j] = e;
    this.#slot.set(this.#keys[i] as string, i);
    this.#slot.set(k, j);
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.#counts[parent] as number) <= (this.#counts[i] as number)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const n = this.#keys.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < n && (this.#counts[l] as number) < (this.#counts[smallest] as number)) smallest = l;
      if (r < n && (this.#counts[r] as number) < (this.#counts[smallest] as number)) smallest = r;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }
}
