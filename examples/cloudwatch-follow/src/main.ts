/**
 * Example: follow a CloudTrail log group in CloudWatch Logs and print matching events as NDJSON.
 *
 *   LOG_GROUP_NAME=aws-cloudtrail-logs-123456789012 pnpm --filter @trailkit-examples/cloudwatch-follow start
 *
 * Environment: LOG_GROUP_NAME (required); FILTER_PATTERN (a CloudWatch Logs filter pattern, default: the CIS
 * "unauthorized API calls" pattern; empty for every event); SINCE (ISO time, default: now); FOLLOW (`false`
 * to stop at the end, default `true`); POLL_INTERVAL_MS (default 5000); CHECKPOINT_FILE (default
 * `.trailkit/cloudwatch-follow.json`: a restart continues where it stopped). AWS credentials and region come
 * from the usual AWS environment; AWS_ENDPOINT_URL points the client elsewhere.
 */
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigError,
  fileCheckpoint,
  pattern,
  pipeline,
  type RunSummary,
  type Sink,
  type TrailEvent,
} from '@trailkit/core';
import { cloudWatchLogsSource } from '@trailkit/source-cloudwatch-logs';

/** CIS AWS Foundations "unauthorized API calls" metric filter pattern. */
export const UNAUTHORIZED_API_CALLS =
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';

/** Options of {@link main}. */
export interface CloudWatchFollowOptions {
  logGroupName: string;
  filterPattern?: string;
  since?: string;
  follow?: boolean;
  pollIntervalMs?: number;
  checkpointFile?: string;
  /** Where NDJSON lines go (default stdout). */
  out?: Writable;
  /** A ready client (tests); otherwise one is built from the AWS environment. */
  client?: CloudWatchLogsClient;
  endpoint?: string;
  signal?: AbortSignal;
}

/** Read the example's settings from environment variables. Throws `ConfigError` when LOG_GROUP_NAME is missing. */
export function optionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): CloudWatchFollowOptions {
  if (!env.LOG_GROUP_NAME) throw new ConfigError('cloudwatch-follow', 'set LOG_GROUP_NAME');
  const pollIntervalMs = env.POLL_INTERVAL_MS ? Number(env.POLL_INTERVAL_MS) : undefined;
  if (pollIntervalMs !== undefined && !Number.isInteger(pollIntervalMs)) {
    throw new ConfigError('cloudwatch-follow', 'POLL_INTERVAL_MS must be an integer');
  }
  return {
    logGroupName: env.LOG_GROUP_NAME,
    filterPattern: env.FILTER_PATTERN ?? UNAUTHORIZED_API_CALLS,
    since: env.SINCE || undefined,
    follow: env.FOLLOW !== 'false',
    pollIntervalMs,
    checkpointFile: env.CHECKPOINT_FILE || '.trailkit/cloudwatch-follow.json',
    endpoint: env.AWS_ENDPOINT_URL || undefined,
  };
}

/** A sink printing each event as one JSON line. */
function ndjsonSink(out: Writable): Sink<TrailEvent> {
  return {
    name: 'ndjson',
    async write(items) {
      const text = items.map((item) => `${JSON.stringify(item)}\n`).join('');
      if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
    },
  };
}

/** Follow the log group (or read it to the end), printing matching events, with a checkpoint. */
export async function main(options: CloudWatchFollowOptions): Promise<RunSummary> {
  const source = cloudWatchLogsSource({
    logGroupName: options.logGroupName,
    ...(options.filterPattern ? { pattern: pattern(options.filterPattern) } : {}),
    ...(options.since ? { since: options.since } : {}),
    follow: options.follow ?? true,
    ...(options.pollIntervalMs !== undefined ? { pollInterval: options.pollIntervalMs } : {}),
    ...(options.client
      ? { client: options.client }
      : { clientConfig: options.endpoint ? { endpoint: options.endpoint } : {} }),
  });
  return pipeline()
    .from(source)
    .to(ndjsonSink(options.out ?? process.stdout))
    .run({
      signal: options.signal,
      onInvalid: 'skip',
      ...(options.checkpointFile ? { checkpoint: fileCheckpoint(options.checkpointFile) } : {}),
    });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const summary = await main({ ...optionsFromEnv(), signal: controller.signal });
  process.stderr.write(`events: ${summary.events.read} read, ${summary.events.invalid} invalid\n`);
}
