/**
 * Errors thrown by `@trailkit/sink-webhook`. Each has a stable `code` and a static `isInstance` check that
 * works across package copies. Messages and fields never contain the signing secret, header values, or a
 * URL's userinfo or query values (URLs are redacted).
 */
import { TrailkitError } from '@trailkit/core';

/** Codes of {@link WebhookError}. */
export type WebhookErrorCode =
  /** The receiver answered with a non-2xx status. */
  | 'WEBHOOK_HTTP_STATUS'
  /** The request could not be sent or the response not read (connection refused, reset, DNS, ...). */
  | 'WEBHOOK_NETWORK'
  /** No response within `timeoutMs`. */
  | 'WEBHOOK_TIMEOUT';

/**
 * One request to the webhook failed. Thrown by `write` (as `cause` of a `SinkError`-like delivery failure,
 * see {@link WebhookDeliveryError}) and handed to the logger on every retried attempt.
 */
export class WebhookError extends TrailkitError {
  declare readonly code: WebhookErrorCode;
  /** The URL with userinfo and query values replaced by `***`. */
  readonly url: string;
  /** HTTP status, when the receiver answered. */
  readonly status: number | undefined;
  /** Whether the failure is worth retrying (5xx, 408, 429, network errors, timeouts). */
  readonly retryable: boolean;
  /** Milliseconds the receiver asked us to wait (`Retry-After`), when it did. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: WebhookErrorCode,
    detail: string,
    where: { url: string; status?: number; retryable: boolean; retryAfterMs?: number },
    options?: { cause?: unknown },
  ) {
    super(code, `webhook ${where.url}: ${detail}`, options);
    this.name = 'WebhookError';
    this.url = where.url;
    this.status = where.status;
    this.retryable = where.retryable;
    this.retryAfterMs = where.retryAfterMs;
  }

  /** True for a {@link WebhookError} from any copy of the package. */
  static override isInstance(error: unknown): error is WebhookError {
    return TrailkitError.isInstance(error) && error.name === 'WebhookError';
  }
}

/**
 * A batch could not be delivered after all attempts and no dead-letter sink took it (none configured, or
 * the dead-letter write failed too). `write` rejects with it; `cause` is the last {@link WebhookError}.
 */
export class WebhookDeliveryError extends TrailkitError {
  /** The idempotency key of the failed request (the `idempotency-key` header). */
  readonly batchId: string;
  /** Attempts made for the failed request. */
  readonly attempts: number;
  /** Items in the failed request. */
  readonly items: number;
  /** The URL, redacted. */
  readonly url: string;

  constructor(
    detail: string,
    where: { url: string; batchId: string; attempts: number; items: number },
    options?: { cause?: unknown },
  ) {
    super(
      'WEBHOOK_DELIVERY_FAILED',
      `webhook ${where.url}: batch ${where.batchId} (${where.items} item(s)) not delivered after ${where.attempts} attempt(s): ${detail}`,
      options,
    );
    this.name = 'WebhookDeliveryError';
    this.batchId = where.batchId;
    this.attempts = where.attempts;
    this.items = where.items;
    this.url = where.url;
  }

  /** True for a {@link WebhookDeliveryError} from any copy of the package. */
  static override isInstance(error: unknown): error is WebhookDeliveryError {
    return TrailkitError.isInstance(error) && error.name === 'WebhookDeliveryError';
  }
}
