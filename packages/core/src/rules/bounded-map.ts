interface Node<K, V> {
  key: K;
  value: V;
  /** Toward the least recently used. */
  older: Node<K, V> | undefined;
  /** Toward the most recently used. */
  newer: Node<K, V> | undefined;
}

/**
 * A Map that keeps at most `max` keys, evicting the least recently used. Detectors keep their per-key
 * state in one, so memory stays bounded whatever the input. Recency is a doubly linked list: marking a key
 * used moves its node, without touching the hash table (detectors call `get` on every event).
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, Node<K, V>>();
  private oldest: Node<K, V> | undefined;
  private newest: Node<K, V> | undefined;
  /** Keys evicted so far. */
  evicted = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  /** Get a value and mark it most recently used. */
  get(key: K): V | undefined {
    const node = this.map.get(key);
    if (node === undefined) return undefined;
    if (node !== this.newest) {
      this.unlink(node);
      this.append(node);
    }
    return node.value;
  }

  /** Set a value (most recently used), evicting the oldest key when over capacity. */
  set(key: K, value: V): void {
    const node = this.map.get(key);
    if (node !== undefined) {
      node.value = value;
      if (node !== this.newest) {
        this.unlink(node);
        this.append(node);
      }
      return;
    }
    const added: Node<K, V> = { key, value, older: undefined, newer: undefined };
    this.map.set(key, added);
    this.append(added);
    while (this.map.size > this.max && this.oldest !== undefined) {
      const gone = this.oldest;
      this.unlink(gone);
      this.map.delete(gone.key);
      this.evicted++;
    }
  }

  delete(key: K): void {
    const node = this.map.get(key);
    if (node === undefined) return;
    this.unlink(node);
    this.map.delete(key);
  }

  /** Entries from the least to the most recently used. */
  *entries(): IterableIterator<[K, V]> {
    for (let n = this.oldest; n !== undefined; n = n.newer) yield [n.key, n.value];
  }

  private unlink(node: Node<K, V>): void {
    if (node.older) node.older.newer = node.newer;
    else this.oldest = node.newer;
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    node.older = undefined;
    node.newer = undefined;
  }

  private append(node: Node<K, V>): void {
    node.older = this.newest;
    node.newer = undefined;
    if (this.newest) this.newest.newer = node;
    else this.oldest = node;
    this.newest = node;
  }
}
