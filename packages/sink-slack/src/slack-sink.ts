import { createHash } from 'node:crypto';
import type { Finding, Sink, TrailEvent } from '@trailkit/core';
import { defineSink, PartialWriteError, RecentIds, type UndeliveredItems } from '@trailkit/core/plugin';
import { composeUnits } from './compose';
import { SlackError } from './errors';
import { resolveOptions, type SlackSinkOptions, type SlackTarget } from './options';
import { postMessage } from './post-message';
import { RateLimiter } from './rate-limiter';

/** How many recently sent messages a sink remembers to avoid re-posting them when a write is retried. */
const SENT_MEMORY = 2000;

/**
 * A sink that posts findings (and, optionally, plain events) to Slack as Block Kit messages.
 *
 * Findings of one `write` are grouped (by rule by default) so a burst becomes a few messages; every
 * message is kept within Slack's limits. Messages are sent one at a time, at most `rateLimitPerSecond`
 * per second, one attempt each: the pipeline retries (`run({ retry })`). `write` resolves once Slack
 * accepted all of them. When a group's message fails, `write` rejects with core's `PartialWriteError`
 * naming the items of the groups not delivered (or with the {@link SlackError} itself when nothing was
 * delivered), so the pipeline retries or dead-letters only those. After a non-retryable failure the next
 * groups are still posted; after a retryable one (rate limit, outage) the rest is left for the retry. A
 * message already accepted is not posted again when the pipeline retries (the sink remembers the last
 * 2000).
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
  const sent = new RecentIds(SENT_MEMORY);
  return defineSink<TrailEvent | Finding>({
    name: opts.name,
    async write(items, ctx) {
      const signal = ctx?.signal ?? new AbortController().signal;
      const failures: UndeliveredItems<TrailEvent | Finding>[] = [];
      let stopped: SlackError | undefined;
      for (const unit of composeUnits(items, opts)) {
        if (stopped) {
          failures.push({ items: unit.items, error: stopped });
          continue;
        }
        try {
          for (const message of unit.messages) {
            const key = createHash('sha256').update(JSON.stringify(message)).digest('hex');
            if (sent.has(key)) continue;
            await postMessage(opts, limiter, message, signal);
            sent.add(key);
          }
        } catch (error) {
          if (signal.aborted) throw signal.reason ?? error;
          if (!SlackError.isInstance(error)) throw error;
          failures.push({ items: unit.items, error });
          opts.log?.warn('slack post failed', {
            sink: opts.name,
            items: unit.items.length,
            code: error.code,
            status: error.status,
            slackError: error.slackError,
            retryable: error.isRetryable,
            retryAfterMs: error.retryAfterMs,
          });
          if (error.isRetryable) stopped = error; // rate limit or outage: leave the rest to the retry
        }
      }
      if (failures.length === 0) return;
      const undelivered = failures.reduce((n, f) => n + f.items.length, 0);
      if (failures.length === 1 && undelivered === items.length) throw failures[0]!.error;
      throw new PartialWriteError(opts.name, failures, items.length);
    },
  });
}
