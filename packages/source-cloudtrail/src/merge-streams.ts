/**
 * Interleave async iterators, yielding each value as soon as any produces one (all run at once). Stops all
 * of them (`return()`) when the consumer stops or one fails.
 */
export async function* mergeStreams<T>(streams: ReadonlyArray<AsyncIterator<T>>): AsyncGenerator<T> {
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const pull = (index: number) =>
    pending.set(
      index,
      (streams[index] as AsyncIterator<T>).next().then((result) => ({ index, result })),
    );
  for (let index = 0; index < streams.length; index++) pull(index);
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        continue;
      }
      pull(index);
      yield result.value;
    }
  } finally {
    for (const [index] of pending) {
      pending.get(index)?.catch(() => undefined);
      await streams[index]?.return?.();
    }
  }
}
