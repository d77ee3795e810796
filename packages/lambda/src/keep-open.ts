import type { Sink } from '@trailkit/core';

/**
 * A sink that serves every invocation of a Lambda container: `run()` flushes and closes its sinks at the
 * end of each run (each invocation), and most sinks refuse writes after `close()`. This wrapper turns
 * `close()` into `flush()`, so a sink built once per container (its HTTP connections, rate limiter and
 * dedupe memory kept warm) is flushed before every invocation returns, and never closed.
 *
 * Use it for sinks whose `close()` only flushes (webhook, Slack, action sinks). A sink that finalises
 * something on close (a file sink renaming its files) should not be kept open.
 *
 * @example
 * ```ts
 * const work = pipeline().detect(cisRules()).to(keepOpen(slackSink({ webhookUrl })));
 * export const handler = sqsHandler({ pipeline: work });
 * ```
 */
export function keepOpen<T>(sink: Sink<T>): Sink<T> {
  return {
    name: sink.name,
    write: (items, ctx) => sink.write(items, ctx),
    flush: async () => {
      await sink.flush?.();
    },
    close: async () => {
      await sink.flush?.();
    },
  };
}
