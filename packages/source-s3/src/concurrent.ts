/** One value produced for an item by {@link mergeConcurrent}. */
export interface Produced<T, R> {
  item: T;
  value: R;
}

/**
 * Run `work` on up to `limit` items at once and yield their values as they come (values of one item stay in
 * order). Each running item is pulled one value ahead, so memory stays bounded by `limit` values. When the
 * consumer stops early or a worker throws, every running worker is closed (`return()`).
 */
export async function* mergeConcurrent<T, R>(
  items: AsyncIterable<T>,
  limit: number,
  work: (item: T) => AsyncIterable<R>,
): AsyncGenerator<Produced<T, R>> {
  const source = items[Symbol.asyncIterator]();
  type Running = { item: T; iterator: AsyncIterator<R>; next: Promise<Step> };
  type Step = { running: Running; result: IteratorResult<R> };
  type Event = { kind: 'item'; next: IteratorResult<T> } | { kind: 'step'; step: Step };
  const running = new Set<Running>();
  let exhausted = false;
  /** The pending pull of the next item: raced with the running workers, never awaited alone while they run. */
  let pendingItem: Promise<IteratorResult<T>> | undefined;

  const pull = (entry: Running): Promise<Step> => {
    const step = entry.iterator.next().then((result) => ({ running: entry, result }));
    // handled here so a failure while the consumer is paused is not an unhandled rejection; race sees it
    step.catch(() => undefined);
    return step;
  };

  try {
    for (;;) {
      if (!exhausted && pendingItem === undefined && running.size < limit) {
        pendingItem = source.next();
        pendingItem.catch(() => undefined);
      }
      if (running.size === 0 && pendingItem === undefined) return;
      // The item pull comes first: when both are ready, filling a free slot wins.
      const racers: Promise<Event>[] = [];
      if (pendingItem !== undefined) racers.push(pendingItem.then((next) => ({ kind: 'item', next })));
      for (const r of running) racers.push(r.next.then((step) => ({ kind: 'step', step })));
      const event = await Promise.race(racers);
      if (event.kind === 'item') {
        pendingItem = undefined;
        if (event.next.done) {
          exhausted = true;
          continue;
        }
        const entry = {
          item: event.next.value,
          iterator: work(event.next.value)[Symbol.asyncIterator](),
        } as Running;
        entry.next = pull(entry);
        running.add(entry);
        continue;
      }
      const { running: entry, result } = event.step;
      if (result.done) {
        running.delete(entry);
        continue;
      }
      entry.next = pull(entry);
      yield { item: entry.item, value: result.value };
    }
  } finally {
    const closing = [...running].map(async (entry) => {
      // a pending next() must settle before return() can run on a generator
      await entry.next.catch(() => undefined);
      await entry.iterator.return?.();
    });
    await Promise.allSettled(closing);
    if (pendingItem !== undefined) {
      // A pull may be a long poll: close the items once it settles, without holding the consumer.
      const settled = pendingItem;
      void settled.then(
        () => source.return?.(),
        () => undefined,
      );
    } else if (!exhausted) await source.return?.();
  }
}

/** Yield each value with `last: true` on the final one (an empty iterable yields nothing). */
export async function* withLast<R>(values: AsyncIterable<R>): AsyncGenerator<{ value: R; last: boolean }> {
  const iterator = values[Symbol.asyncIterator]();
  let current = await iterator.next();
  while (!current.done) {
    const next = await iterator.next();
    yield { value: current.value, last: next.done === true };
    current = next;
  }
}
