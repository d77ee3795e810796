import { TrailkitError } from '../errors';
import { hasErrorKind } from './error-kind';

/** Codes {@link postJson} gives an {@link HttpCallError}; subclasses may use their own. */
export type HttpCallErrorCode =
  /** The server answered with a non-2xx status. */
  | 'HTTP_STATUS'
  /** The request could not be sent or the response not read (connection refused, reset, DNS, ...). */
  | 'HTTP_NETWORK'
  /** No complete response within the timeout. */
  | 'HTTP_TIMEOUT';

/** What an {@link HttpCallError} is built from. */
export interface HttpCallErrorInit {
  /** Stable code, e.g. `HTTP_STATUS` (or a plugin's own, e.g. `WEBHOOK_HTTP_STATUS`). */
  code: string;
  /** What happened, e.g. `HTTP 400: invalid payload`; must already be redacted. */
  detail: string;
  /** The URL, redacted (see `redactUrl`). */
  url: string;
  /** Where the call went, for the message (default `POST <url>`), e.g. `slack webhook hooks.slack.com`. */
  label?: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** Whether trying again may help. */
  isRetryable: boolean;
  /** How long the server asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** The start of the response body, redacted and cut short. */
  responseExcerpt?: string;
  /** The underlying error (a fetch `TypeError`, an abort reason). */
  cause?: unknown;
}

/**
 * One HTTP call failed (thrown by `postJson`, and the base of plugins' own HTTP errors). It is classified
 * for the pipeline's retry: network errors, timeouts, `408`, `429` and `5xx` are retryable (`isRetryable`),
 * other statuses are not, and `retryAfterMs` carries the server's `Retry-After`. It never carries a
 * secret: `url` is redacted and `responseExcerpt` is at most a short, redacted start of the body.
 */
export class HttpCallError extends TrailkitError {
  static override readonly kind: string = 'HttpCallError';
  /** The URL with userinfo, query values and token-like path segments replaced by `***`. */
  readonly url: string;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** Whether trying again may help: network errors, timeouts, `408`, `429`, `5xx`. */
  readonly isRetryable: boolean;
  /** Milliseconds the server asked us to wait (`Retry-After`), when it did. */
  readonly retryAfterMs: number | undefined;
  /** The start of the response body (at most ~200 characters), redacted. */
  readonly responseExcerpt: string | undefined;

  constructor(init: HttpCallErrorInit) {
    super(init.code, `${init.label ?? `POST ${init.url}`}: ${init.detail}`, { cause: init.cause });
    this.name = 'HttpCallError';
    this.url = init.url;
    this.status = init.status;
    this.isRetryable = init.isRetryable;
    this.retryAfterMs = init.retryAfterMs;
    this.responseExcerpt = init.responseExcerpt;
  }

  /** True for an {@link HttpCallError} (or a subclass) from any copy of the package. */
  static override isInstance(error: unknown): error is HttpCallError {
    return hasErrorKind(error, 'HttpCallError');
  }
}

/** Whether a status is worth retrying: `408`, `429` and every `5xx`. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
