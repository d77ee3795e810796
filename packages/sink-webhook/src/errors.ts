/**
 * Errors thrown by `@trailkit/sink-webhook`. Each has a stable `code` and a static `isInstance` check that
 * works across package copies. Messages and fields never contain the signing secret, header values, a
 * URL's userinfo, query values or token-like path segments, nor more than a short redacted excerpt of
 * the receiver's answer.
 */
import {
  HttpCallError,
  type HttpCallErrorInit,
  hasErrorKind,
  PartialWriteError,
} from '@trailkit/core/plugin';
import type { UndeliveredItems } from '@trailkit/core/plugin';

/** Codes of {@link WebhookError}. */
export type WebhookErrorCode =
  /** The receiver answered with a non-2xx status. */
  | 'WEBHOOK_HTTP_STATUS'
  /** The request could not be sent or the response not read (connection refused, reset, DNS, ...). */
  | 'WEBHOOK_NETWORK'
  /** No response within `timeoutMs`. */
  | 'WEBHOOK_TIMEOUT';

/** Core's `postJson` codes, as the webhook's. */
const CODES: Record<string, WebhookErrorCode> = {
  HTTP_STATUS: 'WEBHOOK_HTTP_STATUS',
  HTTP_NETWORK: 'WEBHOOK_NETWORK',
  HTTP_TIMEOUT: 'WEBHOOK_TIMEOUT',
};

/**
 * One request to the webhook failed (one attempt: the pipeline retries). An `HttpCallError` from core
 * with the webhook's codes: `status`, `isRetryable` (5xx, 408, 429, network errors, timeouts),
 * `retryAfterMs`, `url` (redacted) and `responseExcerpt` (short, redacted). Found as the `cause` of a
 * {@link WebhookDeliveryError} and in the failures it lists.
 */
export class WebhookError extends HttpCallError {
  static override readonly kind: string = 'WebhookError';
  declare readonly code: WebhookErrorCode;

  constructor(init: HttpCallErrorInit) {
    super({ ...init, code: CODES[init.code] ?? init.code });
    this.name = 'WebhookError';
  }

  /** @deprecated Use `isRetryable`. */
  get retryable(): boolean {
    return this.isRetryable;
  }

  /** True for a {@link WebhookError} from any copy of the package. */
  static override isInstance(error: unknown): error is WebhookError {
    return hasErrorKind(error, 'WebhookError');
  }
}

/**
 * `write` rejects with it when one or more of its requests failed. It is core's `PartialWriteError`: the
 * pipeline counts the items of the requests that succeeded as written, retries only the items of failed
 * retryable requests (the same requests, with the same idempotency keys), and sends the items of
 * non-retryable ones (e.g. a `400`) to the run's dead letter at once. `cause` is the first
 * {@link WebhookError}; `failures` lists every failed request's items and error.
 */
export class WebhookDeliveryError extends PartialWriteError {
  static override readonly kind: string = 'WebhookDeliveryError';
  /** The idempotency key of the first failed request (its `idempotency-key` header). */
  readonly batchId: string;
  /** Attempts this sink made for that request: always 1 (the pipeline retries). */
  readonly attempts: number;
  /** Items not delivered. */
  readonly items: number;
  /** The URL, redacted. */
  readonly url: string;

  constructor(
    where: { sink: string; url: string; batchId: string; total: number; requests: number },
    failures: readonly UndeliveredItems[],
  ) {
    const items = failures.reduce((n, f) => n + f.items.length, 0);
    const first = failures[0]?.error;
    const detail = first instanceof Error ? first.message : String(first);
    const many =
      failures.length > 1 ? ` (and ${failures.length - 1} more of ${where.requests} request(s))` : '';
    super(where.sink, failures, where.total, {
      code: 'WEBHOOK_DELIVERY_FAILED',
      message: `webhook ${where.url}: batch ${where.batchId}${many}, ${items} item(s) not delivered: ${detail}`,
    });
    this.name = 'WebhookDeliveryError';
    this.batchId = where.batchId;
    this.attempts = 1;
    this.items = items;
    this.url = where.url;
  }

  /** True for a {@link WebhookDeliveryError} from any copy of the package. */
  static override isInstance(error: unknown): error is WebhookDeliveryError {
    return hasErrorKind(error, 'WebhookDeliveryError');
  }
}
