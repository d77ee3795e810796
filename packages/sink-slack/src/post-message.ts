import { parseRetryAfter, postJson, redactExcerpt, redactUrl } from '@trailkit/core/plugin';
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

/** How long to wait after a `429` without a usable `Retry-After`. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

/**
 * Post one message, once (the pipeline retries), after waiting for the rate limiter. Resolves when Slack
 * accepted it (webhook: 2xx; Web API: `{ ok: true }`); rejects with a {@link SlackError} or, when `signal`
 * aborts, with its reason. A `429` (or `ratelimited`) pauses the limiter for its `Retry-After`.
 */
export async function postMessage(
  opts: ResolvedSlackOptions,
  limiter: RateLimiter,
  message: SlackMessage,
  signal: AbortSignal,
): Promise<void> {
  const fields = { text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false };
  const body = JSON.stringify(opts.mode === 'api' ? { channel: opts.channel, ...fields } : fields);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  const target = opts.target;
  await limiter.acquire(signal);
  let text: string;
  let retryAfter: string | null;
  try {
    const res = await postJson({
      url: opts.endpoint,
      body,
      headers,
      signal,
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
      createError: (init) =>
        new SlackError({
          ...init,
          target,
          slackError: init.status === 429 ? 'rate_limited' : init.responseExcerpt?.slice(0, 100),
          retryAfterMs:
            init.status === 429 ? (init.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS) : init.retryAfterMs,
        }),
    });
    text = res.text;
    retryAfter = res.headers.get('retry-after');
  } catch (error) {
    if (SlackError.isInstance(error) && error.retryAfterMs !== undefined) limiter.pause(error.retryAfterMs);
    throw error;
  }
  if (opts.mode === 'webhook') return; // incoming webhooks answer 200 "ok"
  let parsed: { ok?: unknown; error?: unknown };
  const where = { target, url: redactUrl(opts.endpoint), status: 200 };
  try {
    parsed = JSON.parse(text) as { ok?: unknown; error?: unknown };
  } catch {
    throw new SlackError({
      ...where,
      code: 'SLACK_API_ERROR',
      detail: 'response is not JSON',
      isRetryable: true,
    });
  }
  if (parsed.ok === true) return;
  const slackError =
    typeof parsed.error === 'string' ? redactExcerpt(parsed.error, [opts.token ?? ''], 100) : 'unknown_error';
  const retryAfterMs =
    slackError === 'ratelimited' ? (parseRetryAfter(retryAfter) ?? DEFAULT_RATE_LIMIT_WAIT_MS) : undefined;
  if (retryAfterMs !== undefined) limiter.pause(retryAfterMs);
  throw new SlackError({
    ...where,
    code: 'SLACK_API_ERROR',
    detail: `chat.postMessage failed: ${slackError}`,
    slackError,
    isRetryable: RETRYABLE_API_ERRORS.has(slackError),
    retryAfterMs,
  });
}
