/** An async iterable being read ahead into a small buffer; `cancel()` stops the reading. */
export interface Prefetched<T> extends AsyncIterable<T> {
  /** Stop reading ahead (the underlying iterator is returned, releasing what it holds). */
  cancel(): void;
}

/**
 * Start consuming `source` now, keeping up to `limit` values buffered until they are asked for (the
 * reader waits while the buffer is full: memory stays bounded). An error of `source` is thrown to the
 * consumer after the values before it. Iterate it once.
 */
export function prefetch<T>(source: AsyncIterable<T>, limit: number): Prefetched<T> {
  const buffer: T[] = [];
  let done = false;
  let cancelled = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const notify = () => {
    const wake = wakeConsumer;
    wakeConsumer = undefined;
    wake?.();
  };

  void (async () => {
    try {
      for await (const value of source) {
        if (cancelled) break;
        buffer.push(value);
        notify();
        while (buffer.length >= limit && !cancelled) await new Promise<void>((r) => (wakeProducer = r));
        if (cancelled) break;
      }
    } catch (error) {
      failure = { error };
    } finally {
      done = true;
      notify();
    }
  })();

  return {
    cancel() {
      cancelled = true;
      const wake = wakeProducer;
      wakeProducer = undefined;
      wake?.();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (buffer.length > 0) {
          const value = buffer.shift() as T;
          const wake = wakeProducer;
          wakeProducer = undefined;
          wake?.();
          yield value;
          continue;
        }
        if (done) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((r) => (wakeConsumer = r));
      }
    },
  };
}
