/**
 * Pulls an async iterable ahead of its consumer, keeping at most `capacity` items buffered. Used to read
 * the next files while the current one is consumed: work overlaps, yet the consumer still takes items in
 * order and memory stays bounded. An error is kept and thrown when the consumer reaches it.
 */
export class ReadAhead<T> {
  readonly #capacity: number;
  readonly #buffer: T[] = [];
  #error: { error: unknown } | undefined;
  #ended = false;
  #closed = false;
  #wakeConsumer: (() => void) | undefined;
  #wakeProducer: (() => void) | undefined;
  readonly #done: Promise<void>;

  constructor(source: AsyncIterable<T>, capacity: number) {
    this.#capacity = capacity;
    this.#done = this.#pump(source);
  }

  async #pump(source: AsyncIterable<T>): Promise<void> {
    try {
      for await (const item of source) {
        if (this.#closed) break;
        this.#buffer.push(item);
        this.#wakeConsumer?.();
        while (this.#buffer.length >= this.#capacity && !this.#closed) {
          await new Promise<void>((resolve) => {
            this.#wakeProducer = resolve;
          });
        }
        if (this.#closed) break;
      }
    } catch (error) {
      this.#error = { error };
    } finally {
      this.#ended = true;
      this.#wakeConsumer?.();
    }
  }

  /** The next item, in order; `undefined` at the end. Throws the source's error when it is reached. */
  async next(): Promise<T | undefined> {
    for (;;) {
      const item = this.#buffer.shift();
      if (item !== undefined) {
        this.#wakeProducer?.();
        return item;
      }
      if (this.#ended) {
        if (this.#error) throw this.#error.error;
        return undefined;
      }
      await new Promise<void>((resolve) => {
        this.#wakeConsumer = resolve;
      });
    }
  }

  /** Stop reading ahead and release the source (its `return()` runs); resolves once it has. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wakeProducer?.();
    await this.#done;
  }
}
