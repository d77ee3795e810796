/**
 * Run at most `limit` of the streams at once and interleave what they yield (each value as soon as it comes);
 * the next stream starts when one ends. Stops the running ones when the consumer stops or one fails.
 */
export async function* boundedMerge<T>(
  starts: ReadonlyArray<() => AsyncIterator<T>>,
  limit: number,
): AsyncGenerator<T> {
  const running = new Map<
    number,
    { it: AsyncIterator<T>; next: Promise<{ key: number; r: IteratorResult<T> }> }
  >();
  let started = 0;
  const pull = (key: number, it: AsyncIterator<T>) => {
    running.set(key, { it, next: it.next().then((r) => ({ key, r })) });
  };
  const fill = () => {
    while (running.size < limit && started < starts.length) {
      const key = started++;
      pull(key, (starts[key] as () => AsyncIterator<T>)());
    }
  };
  fill();
  try {
    while (running.size > 0) {
      const { key, r } = await Promise.race([...running.values()].map((x) => x.next));
      const entry = running.get(key) as { it: AsyncIterator<T> };
      if (r.done) {
        running.delete(key);
        fill();
        continue;
      }
      pull(key, entry.it);
      yield r.value;
    }
  } finally {
    for (const { it, next } of running.values()) {
      next.catch(() => undefined);
      await it.return?.();
    }
  }
}
