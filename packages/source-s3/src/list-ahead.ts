/**
 * Listing ahead of the reads: the S3 listing runs up to `limit` keys in front of the objects being read, so
 * the total of a run is known early (all of it for most runs) while memory stays bounded by `limit` keys.
 */

/** What the listing found so far: the objects this read will read, their bytes, and whether it is done. */
export interface S3Listing {
  /** Objects listed so far (after the time, account, region and resume pruning): the run reads them all. */
  objects: number;
  /** Their size in bytes, as stored. */
  bytes: number;
  /** True once the whole listing is done: `objects` and `bytes` are then the run's totals. */
  complete: boolean;
}

/**
 * Pull `items` in the background, up to `limit` ahead of the consumer, calling `onListed` for each one as it
 * is listed and `onComplete` when the listing ends. With `limit` 0 the items are pulled only when asked for.
 * A listing error is thrown to the consumer after the items listed before it. Stopping early stops the
 * listing (the caller aborts its requests).
 */
export async function* listAhead<T>(
  items: AsyncIterable<T>,
  limit: number,
  onListed: (item: T) => void,
  onComplete: () => void,
): AsyncGenerator<T> {
  if (limit <= 0) {
    for await (const item of items) {
      onListed(item);
      yield item;
    }
    onComplete();
    return;
  }
  const iterator = items[Symbol.asyncIterator]();
  const queue: T[] = [];
  let head = 0;
  let finished = false;
  let failed = false;
  let failure: unknown;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeLister: (() => void) | undefined;
  const wake = (which: 'consumer' | 'lister') => {
    const resolve = which === 'consumer' ? wakeConsumer : wakeLister;
    if (which === 'consumer') wakeConsumer = undefined;
    else wakeLister = undefined;
    resolve?.();
  };

  const lister = async () => {
    try {
      while (!stopped) {
        if (queue.length - head >= limit) {
          await new Promise<void>((resolve) => {
            wakeLister = resolve;
          });
          continue;
        }
        const next = await iterator.next();
        if (next.done) {
          onComplete();
          return;
        }
        onListed(next.value);
        queue.push(next.value);
        wake('consumer');
      }
      await iterator.return?.();
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      finished = true;
      wake('consumer');
    }
  };
  void lister();

  try {
    for (;;) {
      if (head < queue.length) {
        const item = queue[head] as T;
        queue[head] = undefined as T;
        head++;
        // drop the consumed front now and then, so the array does not grow with the whole listing
        if (head > 1024 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
        wake('lister');
        yield item;
        continue;
      }
      if (failed) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => {
        wakeConsumer = resolve;
      });
    }
  } finally {
    stopped = true;
    wake('lister');
  }
}
