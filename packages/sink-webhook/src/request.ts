import { postJson } from '@trailkit/core/plugin';
import { WebhookError } from './errors';
import type { ResolvedWebhookOptions } from './options';
import { SIGNATURE_HEADER, signPayload } from './sign';

/**
 * POST one request body, once (the pipeline retries). Resolves when the receiver answered 2xx; rejects
 * with a {@link WebhookError} (classified, redacted) or, when `signal` aborts, with its reason. The
 * signature is computed fresh for every attempt; the body and the idempotency key are the caller's.
 */
export async function sendRequest(
  opts: ResolvedWebhookOptions,
  request: { batchId: string; body: string },
  signal: AbortSignal,
): Promise<void> {
  const headers: Record<string, string> = {
    'user-agent': 'trailkit-sink-webhook',
    ...opts.headers,
    'idempotency-key': request.batchId,
  };
  if (opts.secret !== undefined)
    headers[SIGNATURE_HEADER] = signPayload({
      body: request.body,
      secret: opts.secret,
      timestamp: Date.now() / 1000,
    });
  await postJson({
    url: opts.url,
    body: request.body,
    headers,
    signal,
    timeoutMs: opts.timeoutMs,
    fetch: opts.fetch,
    secrets: opts.secrets,
    label: `webhook ${opts.redactedUrl}`,
    createError: (init) => new WebhookError(init),
  });
}
