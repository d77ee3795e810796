import type { Finding, Sink, TrailEvent, WriteContext } from '@trailkit/core';
import { splitIntoRequests } from './batching';
import { WebhookDeliveryError } from './errors';
import { resolveOptions, type WebhookSinkOptions } from './options';
import { deliver } from './send';

/**
 * A sink that POSTs events and findings as signed JSON batches to an HTTP endpoint.
 *
 * Each `write` is cut into requests by `batchSize` and `maxBytes` and sent in order; `write` resolves once
 * every request was answered 2xx (or, for a request that failed after all retries, once the dead-letter
 * sink took its items). Without a dead-letter sink, `write` rejects with {@link WebhookDeliveryError}.
 *
 * @example
 * ```ts
 * const sink = webhookSink({ url: 'https://hooks.example.com/trailkit', secret: process.env.WEBHOOK_SECRET });
 * ```
 */
export function webhookSink(options: WebhookSinkOptions): Sink<TrailEvent | Finding> {
  const opts = resolveOptions(options);
  return {
    name: opts.name,
    async write(items: readonly (TrailEvent | Finding)[], ctx: WriteContext): Promise<void> {
      if (items.length === 0) return;
      const signal = ctx?.signal ?? new AbortController().signal;
      for (const batch of splitIntoRequests(items, opts.batchSize, opts.maxBytes)) {
        const result = await deliver(opts, batch, signal);
        if (result.ok) continue;
        const where = {
          url: opts.redactedUrl,
          batchId: batch.batchId,
          attempts: result.attempts,
          items: batch.count,
        };
        if (opts.deadLetter === undefined)
          throw new WebhookDeliveryError(result.error.message, where, { cause: result.error });
        try {
          await opts.deadLetter.write(batch.items as (TrailEvent | Finding)[], { signal });
        } catch (dlqError) {
          throw new WebhookDeliveryError(
            `${result.error.message}; dead-letter sink ${opts.deadLetter.name} failed too`,
            where,
            { cause: dlqError },
          );
        }
        opts.log?.warn('webhook batch sent to dead letter', {
          sink: opts.name,
          deadLetter: opts.deadLetter.name,
          batchId: batch.batchId,
          items: batch.count,
          attempts: result.attempts,
          code: result.error.code,
          status: result.error.status,
        });
      }
    },
    async flush(): Promise<void> {
      await opts.deadLetter?.flush?.();
    },
    async close(): Promise<void> {
      await opts.deadLetter?.close?.();
    },
  };
}
