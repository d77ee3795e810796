/**
 * Errors thrown by `@trailkit/sink-slack`. Messages and fields never contain the bot token or the incoming
 * webhook URL's secret path, and quote Slack's answer only as a short redacted excerpt.
 */
import { HttpCallError, type HttpCallErrorInit, hasErrorKind } from '@trailkit/core/plugin';

/** Codes of {@link SlackError}. */
export type SlackErrorCode =
  /** Slack answered with a non-2xx status (e.g. an incoming webhook's `400 invalid_blocks`). */
  | 'SLACK_HTTP_STATUS'
  /** The Web API answered `{ ok: false, error }` (e.g. `channel_not_found`, `invalid_auth`). */
  | 'SLACK_API_ERROR'
  /** The request could not be sent or the response not read. */
  | 'SLACK_NETWORK'
  /** No response within `timeoutMs`. */
  | 'SLACK_TIMEOUT';

/** Core's `postJson` codes, as Slack's. */
const CODES: Record<string, SlackErrorCode> = {
  HTTP_STATUS: 'SLACK_HTTP_STATUS',
  HTTP_NETWORK: 'SLACK_NETWORK',
  HTTP_TIMEOUT: 'SLACK_TIMEOUT',
};

/**
 * Posting one message to Slack failed (one attempt: the pipeline retries). An `HttpCallError` from core:
 * `isRetryable` for `429`, 5xx, `408`, network errors, timeouts and the Web API errors `ratelimited`,
 * `internal_error`, `fatal_error`, `service_unavailable`, `request_timeout`; `retryAfterMs` from
 * `Retry-After`. `write` rejects with it when nothing of the write was delivered, else with core's
 * `PartialWriteError` whose failures hold it.
 */
export class SlackError extends HttpCallError {
  static override readonly kind: string = 'SlackError';
  declare readonly code: SlackErrorCode;
  /** Where the message went, safe to print: `webhook hooks.slack.com` or `chat.postMessage #channel`. */
  readonly target: string;
  /** The Web API `error` string or the webhook's error text (e.g. `invalid_blocks`), when given. */
  readonly slackError: string | undefined;
  /** Attempts this sink made for the message: always 1 (the pipeline retries). */
  readonly attempts: number;

  constructor(init: HttpCallErrorInit & { target: string; slackError?: string }) {
    super({ ...init, code: CODES[init.code] ?? init.code, label: `slack ${init.target}` });
    this.name = 'SlackError';
    this.target = init.target;
    this.slackError = init.slackError;
    this.attempts = 1;
  }

  /** @deprecated Use `isRetryable`. */
  get retryable(): boolean {
    return this.isRetryable;
  }

  /** True for a {@link SlackError} from any copy of the package. */
  static override isInstance(error: unknown): error is SlackError {
    return hasErrorKind(error, 'SlackError');
  }
}
