/**
 * Commits work in order although it finishes out of order. Each batch gets a sequence number when it is
 * read (`open`); `done(seq)` marks it finished and returns the batches that can now be committed: the
 * longest run of finished batches right after the last committed one. A batch that is still being
 * written holds back every batch after it, so a saved position never jumps ahead of unwritten work.
 */
export class Watermark<T> {
  #next = 0;
  #committed = -1;
  readonly #pending = new Map<number, { value: T; done: boolean }>();

  /** Register a batch; returns its sequence number. */
  open(value: T): number {
    const seq = this.#next++;
    this.#pending.set(seq, { value, done: false });
    return seq;
  }

  /** Mark `seq` finished; returns the values now committable, in order (possibly none). */
  done(seq: number): T[] {
    const entry = this.#pending.get(seq);
    if (!entry) throw new Error(`watermark: unknown or already committed batch ${seq}`);
    entry.done = true;
    const ready: T[] = [];
    for (;;) {
      const head = this.#pending.get(this.#committed + 1);
      if (!head?.done) break;
      this.#pending.delete(this.#committed + 1);
      this.#committed++;
      ready.push(head.value);
    }
    return ready;
  }

  /** Batches opened and not yet committed. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** Sequence number of the last committed batch (-1 when none). */
  get committed(): number {
    return this.#committed;
  }
}
