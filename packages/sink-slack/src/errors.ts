/**
 * Errors thrown by `@trailkit/sink-slack`. Messages and fields never contain the bot token or the incoming
 * webhook URL's secret path.
 */
import { TrailkitError } from '@trailkit/core';

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

/**
 * Posting a message to Slack failed. `write` rejects with it once retries are exhausted or the failure is
 * permanent (most 4xx, `{ ok: false }` API errors other than rate limits and server errors).
 */
export class SlackError extends TrailkitError {
  declare readonly code: SlackErrorCode;
  /** Where the message went, safe to print: `webhook hooks.slack.com` or `chat.postMessage #channel`. */
  readonly target: string;
  /** HTTP status, when Slack answered. */
  readonly status: number | undefined;
  /** The Web API `error` string or the webhook's error body (e.g. `invalid_blocks`), when given. */
  readonly slackError: string | undefined;
  /** Whether trying again may help (5xx, 429, network errors, timeouts). */
  readonly retryable: boolean;
  /** Milliseconds Slack asked us to wait (`Retry-After`). */
  readonly retryAfterMs: number | undefined;
  /** Attempts made (set on the error `write` rejects with). */
  attempts: number;

  constructor(
    code: SlackErrorCode,
    detail: string,
    where: {
      target: string;
      status?: number;
      slackError?: string;
      retryable: boolean;
      retryAfterMs?: number;
    },
    options?: { cause?: unknown },
  ) {
    super(code, `slack ${where.target}: ${detail}`, options);
    this.name = 'SlackError';
    this.target = where.target;
    this.status = where.status;
    this.slackError = where.slackError;
    this.retryable = where.retryable;
    this.retryAfterMs = where.retryAfterMs;
    this.attempts = 1;
  }

  /** True for a {@link SlackError} from any copy of the package. */
  static override isInstance(error: unknown): error is SlackError {
    return TrailkitError.isInstance(error) && error.name === 'SlackError';
  }
}
