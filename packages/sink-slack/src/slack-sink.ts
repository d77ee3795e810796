import { createHash } from 'node:crypto';
import type { Finding, Sink, TrailEvent, WriteContext } from '@trailkit/core';
import { composeMessages } from './compose';
import { resolveOptions, type SlackSinkOptions, type SlackTarget } from './options';
import { RateLimiter } from './rate-limiter';
import { postMessage } from './transport';

/** How many recently sent messages a sink remembers to avoid re-posting them when a write is retried. */
const SENT_MEMORY = 2000;

/**
 * A sink that posts findings (and, optionally, plain events) to Slack as Block Kit messages.
 *
 * Findings of one `write` are grouped (by rule by default) so a burst becomes a few messages; every
 * message is kept within Slack's limits. Messages are sent one at a time, at most `rateLimitPerSecond`
 * per second; `write` resolves once Slack accepted all of them. A message already accepted is not posted
 * again when the pipeline retries the same write (the sink remembers recent messages).
 *
 * @example
 * ```ts
 * slackSink({ webhookUrl: process.env.SLACK_WEBHOOK_URL! }, { minSeverity: 'medium' });
 * slackSink({ token: process.env.SLACK_BOT_TOKEN!, channel: 'C0123456' });
 * ```
 */
export function slackSink(target: SlackTarget, options: SlackSinkOptions = {}): Sink<TrailEvent | Finding> {
  const opts = resolveOptions(target, options);
  const limiter = new RateLimiter(opts.rateLimitPerSecond);
  const sent = new Set<string>();
  const remember = (key: string) => {
    sent.add(key);
    if (sent.size > SENT_MEMORY) {
      const oldest = sent.values().next().value;
      if (oldest !== undefined) sent.delete(oldest);
    }
  };
  return {
    name: opts.name,
    async write(items: readonly (TrailEvent | Finding)[], ctx: WriteContext): Promise<void> {
      const signal = ctx?.signal ?? new AbortController().signal;
      const messages = composeMessages(items, opts);
      for (const message of messages) {
        const key = createHash('sha256').update(JSON.stringify(message)).digest('hex');
        if (sent.has(key)) continue;
        await postMessage(opts, limiter, message, signal);
        remember(key);
      }
    },
  };
}
