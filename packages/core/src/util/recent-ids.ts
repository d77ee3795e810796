/**
 * A set that remembers only the last `capacity` ids added (oldest forgotten first). Memory is bounded by
 * `capacity`; used to drop events seen again (`dedupe` by `eventID`).
 */
export class RecentIds {
  readonly capacity: number;
  readonly #ids = new Set<string>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RecentIds: capacity must be an integer >= 1 (got ${String(capacity)})`);
    }
    this.capacity = capacity;
  }

  /** Number of ids remembered now (never more than `capacity`). */
  get size(): number {
    return this.#ids.size;
  }

  /** True if `id` was added and not yet forgotten. */
  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /**
   * Add `id`. Returns false (and changes nothing) when it is already remembered, true when it is new.
   * Adding past `capacity` forgets the oldest id.
   */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) {
      const oldest = this.#ids.values().next();
      if (!oldest.done) this.#ids.delete(oldest.value);
    }
    return true;
  }
}
