import type { Sink, WriteContext } from '../contracts';
import { ConfigError } from '../errors';
import { PartialWriteError, type UndeliveredItems } from '../plugin/partial-write-error';
import { defineSink } from './define-sink';

/** Options of {@link batchSink}. */
export interface BatchSinkOptions<T> {
  name: string;
  /** Send once this many items are buffered (default 500). */
  maxItems?: number;
  /** Send at most this long after the first item was buffered (default 1000 ms). */
  maxWaitMs?: number;
  /**
   * Deliver one batch (an HTTP request, a file append, ...), one attempt: the pipeline retries. Rejecting
   * fails every write in the batch; a `PartialWriteError` fails each write only for its own undelivered
   * items.
   */
  send(items: T[], ctx: WriteContext): Promise<void>;
  /** Called once on close, after the last batch was sent. */
  close?(): Promise<void>;
}

/**
 * A sink that gathers items from several `write` calls into larger batches for `send`. Each `write`
 * resolves only when the batch holding its items was sent, so a pipeline never commits a position for
 * items still sitting in the buffer (at least once holds). Batches are sent one at a time, in order.
 *
 * @throws `ConfigError` for invalid options.
 */
export function batchSink<T>(options: BatchSinkOptions<T>): Sink<T> {
  const maxItems = options.maxItems ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  if (!Number.isInteger(maxItems) || maxItems < 1) {
    throw new ConfigError('batchSink', `maxItems must be an integer >= 1 (got ${String(options.maxItems)})`);
  }
  if (typeof maxWaitMs !== 'number' || !(maxWaitMs >= 0)) {
    throw new ConfigError('batchSink', `maxWaitMs must be a number >= 0 (got ${String(options.maxWaitMs)})`);
  }
  if (typeof options.send !== 'function') throw new ConfigError('batchSink', 'send must be a function');

  interface Waiter {
    items: readonly T[];
    resolve: () => void;
    reject: (error: unknown) => void;
  }
  let buffer: T[] = [];
  let waiters: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastCtx: WriteContext = { signal: new AbortController().signal };
  let queue: Promise<void> = Promise.resolve();

  const sendNow = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return queue;
    const items = buffer;
    const batchWaiters = waiters;
    const ctx = lastCtx;
    buffer = [];
    waiters = [];
    queue = queue.then(async () => {
      try {
        await options.send(items, ctx);
        for (const w of batchWaiters) w.resolve();
      } catch (error) {
        for (const w of batchWaiters) settle(w, error);
      }
    });
    return queue;
  };

  // A partial failure fails each write only for its own items (found by identity).
  const settle = (w: Waiter, error: unknown): void => {
    if (!PartialWriteError.isInstance(error)) {
      w.reject(error);
      return;
    }
    const mine = new Set<unknown>(w.items);
    const failures: UndeliveredItems<T>[] = [];
    for (const f of error.failures) {
      const items = (f.items as readonly T[]).filter((item) => mine.has(item));
      if (items.length > 0) failures.push({ items, error: f.error });
    }
    if (failures.length === 0) w.resolve();
    else w.reject(new PartialWriteError(options.name, failures, w.items.length));
  };

  return defineSink<T>({
    name: options.name,
    write(items, ctx) {
      lastCtx = ctx;
      const done = new Promise<void>((resolve, reject) => {
        waiters.push({ items, resolve, reject });
      });
      for (const item of items) buffer.push(item);
      if (buffer.length >= maxItems) void sendNow();
      else timer ??= setTimeout(() => void sendNow(), maxWaitMs);
      return done;
    },
    flush: () => sendNow(),
    close: async () => {
      await sendNow();
      await options.close?.();
    },
  });
}
