/**
 * Example: scan CloudTrail logs with the built-in rule packs and post the findings to Slack.
 *
 *   SLACK_WEBHOOK_URL=https://hooks.slack.com/services/... pnpm --filter @trailkit-examples/alerts-to-slack start
 *   SLACK_BOT_TOKEN=xoxb-... SLACK_CHANNEL=C0123456789 pnpm --filter @trailkit-examples/alerts-to-slack start
 *
 * Environment: SLACK_WEBHOOK_URL, or SLACK_BOT_TOKEN + SLACK_CHANNEL (and SLACK_API_URL for a local Slack
 * API); TRAILKIT_PATHS (comma-separated files/directories, default: the bundled samples); MIN_SEVERITY
 * (default `high`); RATE_LIMIT_PER_SECOND (default 1).
 */
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  cisRules,
  filesSource,
  pipeline,
  type RunSummary,
  SEVERITIES,
  type Severity,
  threatRules,
} from '@trailkit/core';
import { type SlackTarget, slackSink } from '@trailkit/sink-slack';

/** Default input: the bundled real CloudTrail logs (an `AWSLogs/` tree and Stratus Red Team detonations). */
export const SAMPLES = [
  fileURLToPath(new URL('../../../samples/AWSLogs/', import.meta.url)),
  fileURLToPath(new URL('../../../samples/stratus-red-team/', import.meta.url)),
];

/** Options of {@link main}. */
export interface AlertsToSlackOptions {
  target: SlackTarget;
  paths?: string[];
  minSeverity?: Severity;
  apiUrl?: string;
  rateLimitPerSecond?: number;
  signal?: AbortSignal;
}

/** Read the example's settings from environment variables. Throws `ConfigError` when Slack is not set up. */
export function optionsFromEnv(env: Record<string, string | undefined> = process.env): AlertsToSlackOptions {
  let target: SlackTarget;
  if (env.SLACK_WEBHOOK_URL) target = { webhookUrl: env.SLACK_WEBHOOK_URL };
  else if (env.SLACK_BOT_TOKEN && env.SLACK_CHANNEL)
    target = { token: env.SLACK_BOT_TOKEN, channel: env.SLACK_CHANNEL };
  else
    throw new ConfigError('alerts-to-slack', 'set SLACK_WEBHOOK_URL, or SLACK_BOT_TOKEN and SLACK_CHANNEL');
  const minSeverity = (env.MIN_SEVERITY ?? 'high') as Severity;
  if (!SEVERITIES.includes(minSeverity))
    throw new ConfigError('alerts-to-slack', `MIN_SEVERITY must be one of ${SEVERITIES.join(', ')}`);
  return {
    target,
    minSeverity,
    paths: env.TRAILKIT_PATHS ? env.TRAILKIT_PATHS.split(',') : undefined,
    apiUrl: env.SLACK_API_URL || undefined,
    rateLimitPerSecond: env.RATE_LIMIT_PER_SECOND ? Number(env.RATE_LIMIT_PER_SECOND) : undefined,
  };
}

/** Scan, detect with the CIS and threat rule packs, and post findings to Slack. */
export async function main(options: AlertsToSlackOptions): Promise<RunSummary> {
  return pipeline()
    .from(filesSource({ paths: options.paths ?? SAMPLES }))
    .detect([cisRules(), threatRules()])
    .filter(
      (finding) => SEVERITIES.indexOf(finding.severity) >= SEVERITIES.indexOf(options.minSeverity ?? 'high'),
    )
    .to(
      slackSink(options.target, {
        apiUrl: options.apiUrl,
        rateLimitPerSecond: options.rateLimitPerSecond,
        groupBy: 'rule',
      }),
    )
    .run({ signal: options.signal, onInvalid: 'skip', dedupe: true, retry: { attempts: 3 } });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const summary = await main(optionsFromEnv());
  const slack = summary.sinks[0];
  console.log(
    `${summary.events.read} events, ${summary.findings.total} findings; ${slack?.written ?? 0} sent to Slack in ${slack?.writes ?? 0} write(s)`,
  );
}
