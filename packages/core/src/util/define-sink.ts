import type { Sink, WriteContext } from '../contracts';
import { ConfigError, SinkError } from '../errors';

/** What {@link defineSink} needs: the sink's name and how to write; flush and close are optional. */
export interface SinkSpec<T> {
  name: string;
  write(items: readonly T[], ctx: WriteContext): Promise<void>;
  flush?(): Promise<void>;
  close?(): Promise<void>;
}

/**
 * Wrap a sink's functions with the lifecycle every sink needs: empty writes are skipped, `close()` flushes,
 * waits for writes in progress, flushes again, then closes exactly once (later calls return the same promise), and a
 * write after close rejects with a `SinkError`.
 *
 * @throws `ConfigError` when `name` or `write` is missing.
 */
export function defineSink<T>(spec: SinkSpec<T>): Sink<T> {
  if (typeof spec !== 'object' || spec === null || typeof spec.name !== 'string' || spec.name === '') {
    throw new ConfigError('defineSink', 'name must be a non-empty string');
  }
  if (typeof spec.write !== 'function')
    throw new ConfigError('defineSink', `${spec.name}: write must be a function`);
  const pending = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;
  return {
    name: spec.name,
    async write(items, ctx) {
      if (closing) throw new SinkError(spec.name, 1, { cause: new Error('write after close') });
      if (items.length === 0) return;
      const p = spec.write(items, ctx);
      pending.add(p);
      try {
        await p;
      } finally {
        pending.delete(p);
      }
    },
    async flush() {
      await spec.flush?.();
    },
    close() {
      closing ??= (async () => {
        // Flush first: a buffering sink's writes may be waiting for it. Then flush what they added.
        await spec.flush?.();
        if (pending.size > 0) {
          await Promise.allSettled([...pending]);
          await spec.flush?.();
        }
        await spec.close?.();
      })();
      return closing;
    },
  };
}
