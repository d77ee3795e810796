import type { Finding, Sink, TrailEvent } from '@trailkit/core';
import { defineSink, HttpCallError, type UndeliveredItems } from '@trailkit/core/plugin';
import { WebhookDeliveryError } from './errors';
import { resolveOptions, type WebhookSinkOptions } from './options';
import { sendRequest } from './request';
import { RetryMemory } from './retry-memory';

/**
 * A sink that POSTs events and findings as signed JSON batches to an HTTP endpoint.
 *
 * Each `write` is cut into requests by `batchSize` and `maxBytes` and sent in order, one attempt each:
 * the pipeline owns retries and the dead letter (`run({ retry, deadLetter })`). `write` resolves once
 * every request was answered 2xx. Otherwise it rejects with {@link WebhookDeliveryError} (core's
 * `PartialWriteError`) naming the items of the failed requests, so the pipeline counts the rest as
 * written and retries (or dead-letters) only those; a retried request is the same request, with the same
 * idempotency key. After a status error the next requests are still sent; after a network error or a
 * timeout (the receiver is unreachable) the rest of the write is left for the retry.
 *
 * @example
 * ```ts
 * const sink = webhookSink({ url: 'https://hooks.example.com/trailkit', secret: process.env.WEBHOOK_SECRET });
 * await pipeline().from(source).to(sink).run({ retry: { attempts: 5 }, deadLetter: fileSink({ dir: 'dead/' }) });
 * ```
 */
export function webhookSink(options: WebhookSinkOptions): Sink<TrailEvent | Finding> {
  const opts = resolveOptions(options);
  const memory = new RetryMemory();
  return defineSink<TrailEvent | Finding>({
    name: opts.name,
    async write(items, ctx) {
      const signal = ctx?.signal ?? new AbortController().signal;
      const requests = memory.plan(items, opts.batchSize, opts.maxBytes);
      const failures: UndeliveredItems[] = [];
      let firstFailed: string | undefined;
      for (let i = 0; i < requests.length; i++) {
        const request = requests[i]!;
        const { batch } = request;
        try {
          await sendRequest(opts, { batchId: batch.batchId, body: request.body }, signal);
          memory.delivered(request);
        } catch (error) {
          if (signal.aborted) throw signal.reason ?? error;
          if (!HttpCallError.isInstance(error)) throw error;
          memory.failed(request);
          failures.push({ items: batch.items, error });
          firstFailed ??= batch.batchId;
          opts.log?.warn('webhook request failed', {
            sink: opts.name,
            batchId: batch.batchId,
            items: batch.count,
            attempt: request.sent + 1,
            code: error.code,
            status: error.status,
            retryable: error.isRetryable,
            retryAfterMs: error.retryAfterMs,
          });
          if (error.status === undefined) {
            // Unreachable: leave the rest of this write to the pipeline's retry.
            for (const rest of requests.slice(i + 1)) failures.push({ items: rest.batch.items, error });
            break;
          }
        }
      }
      if (failures.length > 0) {
        throw new WebhookDeliveryError(
          {
            sink: opts.name,
            url: opts.redactedUrl,
            batchId: firstFailed ?? '',
            total: items.length,
            requests: requests.length,
          },
          failures,
        );
      }
    },
  });
}
