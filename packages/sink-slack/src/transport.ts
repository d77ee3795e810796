import { backoffDelay, parseRetryAfter, sleep } from '@trailkit/core';
import { SlackError } from './errors';
import type { SlackMessage } from './limits';
import type { ResolvedSlackOptions } from './options';
import type { RateLimiter } from './rate-limiter';

/** Web API `error` values worth retrying (transient on Slack's side). */
const RETRYABLE_API_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * Post one message, waiting for the rate limiter before every attempt, retrying 429 (after `Retry-After`),
 * 5xx, network errors and timeouts. Resolves when Slack accepted it; rejects with {@link SlackError}
 * (with `attempts`) or, when `signal` aborts, with the signal's reason.
 */
export async function postMessage(
  opts: ResolvedSlackOptions,
  limiter: RateLimiter,
  message: SlackMessage,
  signal: AbortSignal,
): Promise<void> {
  const body = JSON.stringify(
    opts.mode === 'api'
      ? {
          channel: opts.channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        }
      : { text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false },
  );
  let attempt = 0;
  for (;;) {
    attempt++;
    await limiter.acquire(signal);
    try {
      await postOnce(opts, body, signal);
      return;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (!SlackError.isInstance(error)) throw error;
      error.attempts = attempt;
      if (error.retryAfterMs !== undefined) limiter.pause(error.retryAfterMs);
      if (!error.retryable || attempt > opts.retries) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > opts.maxRetryDelayMs) throw error;
      const delay =
        error.retryAfterMs ??
        backoffDelay(attempt, { baseMs: opts.minRetryDelayMs, maxMs: opts.maxRetryDelayMs, jitter: 'equal' });
      opts.log?.warn('slack post failed, retrying', {
        sink: opts.name,
        attempt,
        delayMs: delay,
        code: error.code,
        status: error.status,
        slackError: error.slackError,
      });
      await sleep(delay, signal);
    }
  }
}

async function postOnce(opts: ResolvedSlackOptions, body: string, signal: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  const target = opts.target;
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const res = await opts.fetch(opts.endpoint, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.any([signal, timeout]),
    });
    status = res.status;
    retryAfter = res.headers.get('retry-after');
    text = await res.text();
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (timeout.aborted)
      throw new SlackError('SLACK_TIMEOUT', `no response within ${opts.timeoutMs} ms`, {
        target,
        retryable: true,
      });
    throw new SlackError('SLACK_NETWORK', `request failed: ${networkReason(error)}`, {
      target,
      retryable: true,
    });
  }
  if (status === 429) {
    throw new SlackError('SLACK_HTTP_STATUS', 'HTTP 429 rate limited', {
      target,
      status,
      retryable: true,
      retryAfterMs: parseRetryAfter(retryAfter) ?? 1000,
      slackError: 'rate_limited',
    });
  }
  if (status < 200 || status >= 300) {
    const slackError = text.trim().slice(0, 100) || undefined;
    throw new SlackError('SLACK_HTTP_STATUS', `HTTP ${status}${slackError ? `: ${slackError}` : ''}`, {
      target,
      status,
      slackError,
      retryable: status >= 500 || status === 408,
      retryAfterMs: status === 503 ? parseRetryAfter(retryAfter) : undefined,
    });
  }
  if (opts.mode === 'webhook') return; // incoming webhooks answer 200 "ok"
  let parsed: { ok?: unknown; error?: unknown };
  try {
    parsed = JSON.parse(text) as { ok?: unknown; error?: unknown };
  } catch {
    throw new SlackError('SLACK_API_ERROR', 'response is not JSON', { target, status, retryable: true });
  }
  if (parsed.ok === true) return;
  const slackError = typeof parsed.error === 'string' ? parsed.error : 'unknown_error';
  throw new SlackError('SLACK_API_ERROR', `chat.postMessage failed: ${slackError}`, {
    target,
    status,
    slackError,
    retryable: RETRYABLE_API_ERRORS.has(slackError),
    retryAfterMs: slackError === 'ratelimited' ? (parseRetryAfter(retryAfter) ?? 1000) : undefined,
  });
}

/** A short reason for a fetch failure without echoing request details. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown';
}
