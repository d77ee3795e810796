import { backoffDelay, parseRetryAfter, sleep } from '@trailkit/core';
import { type RequestBatch, requestBody } from './batching';
import { WebhookError } from './errors';
import type { ResolvedWebhookOptions } from './options';
import { SIGNATURE_HEADER, signPayload } from './sign';

/** How many characters of a failed response body an error message quotes. */
const BODY_SNIPPET = 200;

/** Result of delivering one request: delivered, or the last error after `attempts` attempts. */
export type DeliveryResult =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; error: WebhookError };

/**
 * POST one request batch, retrying retryable failures with backoff (or the receiver's `Retry-After`).
 * Resolves when the receiver answered 2xx, or with the last error when it gave up. Rejects only when
 * `signal` aborts (with the signal's reason).
 */
export async function deliver(
  opts: ResolvedWebhookOptions,
  batch: RequestBatch,
  signal: AbortSignal,
): Promise<DeliveryResult> {
  // The body is fixed for the batch: retries send the same bytes and the same idempotency key.
  const body = requestBody(batch, new Date());
  let attempt = 0;
  for (;;) {
    attempt++;
    try {
      await postOnce(opts, batch, body, signal);
      return { ok: true, attempts: attempt };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (!WebhookError.isInstance(error)) throw error;
      if (!error.retryable || attempt > opts.retries) return { ok: false, attempts: attempt, error };
      if (error.retryAfterMs !== undefined && error.retryAfterMs > opts.maxRetryDelayMs)
        return { ok: false, attempts: attempt, error };
      const delay =
        error.retryAfterMs ??
        backoffDelay(attempt, { baseMs: opts.minRetryDelayMs, maxMs: opts.maxRetryDelayMs, jitter: 'equal' });
      opts.log?.warn('webhook request failed, retrying', {
        sink: opts.name,
        batchId: batch.batchId,
        attempt,
        delayMs: delay,
        code: error.code,
        status: error.status,
      });
      await sleep(delay, signal);
    }
  }
}

async function postOnce(
  opts: ResolvedWebhookOptions,
  batch: RequestBatch,
  body: string,
  signal: AbortSignal,
): Promise<void> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const both = AbortSignal.any([signal, timeout]);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'trailkit-sink-webhook',
    ...opts.headers,
    'idempotency-key': batch.batchId,
  };
  if (opts.secret !== undefined)
    headers[SIGNATURE_HEADER] = signPayload({ body, secret: opts.secret, timestamp: Date.now() / 1000 });
  const where = { url: opts.redactedUrl };
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const res = await opts.fetch(opts.url, { method: 'POST', headers, body, signal: both });
    status = res.status;
    retryAfter = res.headers.get('retry-after');
    text = await res.text();
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (timeout.aborted)
      throw new WebhookError(
        'WEBHOOK_TIMEOUT',
        `no response within ${opts.timeoutMs} ms`,
        { ...where, retryable: true },
        { cause: error },
      );
    throw new WebhookError(
      'WEBHOOK_NETWORK',
      `request failed: ${networkReason(error)}`,
      { ...where, retryable: true },
      { cause: error },
    );
  }
  if (status >= 200 && status < 300) return;
  const retryable = status >= 500 || status === 408 || status === 429;
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(retryAfter) : undefined;
  const snippet = text.length > BODY_SNIPPET ? `${text.slice(0, BODY_SNIPPET)}…` : text;
  throw new WebhookError('WEBHOOK_HTTP_STATUS', `HTTP ${status}${snippet ? `: ${snippet}` : ''}`, {
    ...where,
    status,
    retryable,
    retryAfterMs,
  });
}

/** A short reason for a fetch failure (undici wraps the system error in `cause`). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
