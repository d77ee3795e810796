/**
 * A Map that keeps at most `max` keys, evicting the least recently used. Detectors keep their per-key
 * state in one, so memory stays bounded whatever the input.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  /** The most recently used key (moving it again would change nothing). */
  private newest: K | undefined;
  /** Keys evicted so far. */
  evicted = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  /** Get a value and mark it most recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined && key !== this.newest) {
      this.map.delete(key);
      this.map.set(key, v);
      this.newest = key;
    }
    return v;
  }

  /** Set a value (most recently used), evicting the oldest key when over capacity. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value as K;
      this.map.delete(oldest);
      this.evicted++;
    }
  }

  delete(key: K): void {
    this.map.delete(key);
    if (key === this.newest) this.newest = undefined;
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }
}
