/**
 * Example: scan CloudTrail logs with the built-in rule packs and POST the findings to a webhook as signed
 * JSON batches. The pipeline retries failed requests; findings the receiver still refuses after that are
 * kept as NDJSON in a dead-letter folder (the run's `deadLetter`, counted in the run summary).
 *
 *   WEBHOOK_URL=https://hooks.example.com/trailkit WEBHOOK_SECRET=... \
 *     pnpm --filter @trailkit-examples/alerts-to-webhook start
 *
 * Environment: WEBHOOK_URL (required), WEBHOOK_SECRET (recommended: signs requests), DEAD_LETTER_DIR
 * (default `dead-letter/`), TRAILKIT_PATHS (comma-separated, default: the bundled samples), MIN_SEVERITY
 * (default `medium`), BATCH_SIZE (findings per request, default 100).
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
import { fileSink } from '@trailkit/sink-file';
import { webhookSink } from '@trailkit/sink-webhook';

/** Default input: the bundled real CloudTrail logs. */
export const SAMPLES = [
  fileURLToPath(new URL('../../../samples/AWSLogs/', import.meta.url)),
  fileURLToPath(new URL('../../../samples/stratus-red-team/', import.meta.url)),
];

/** Options of {@link main}. */
export interface AlertsToWebhookOptions {
  url: string;
  secret?: string;
  deadLetterDir: string;
  paths?: string[];
  minSeverity?: Severity;
  batchSize?: number;
  /** Retries of a failed request, by the pipeline (default 4; tests make the waits short). */
  retries?: number;
  /** First retry delay in milliseconds (default 500; doubles per retry, up to 30 s). */
  minRetryDelayMs?: number;
  signal?: AbortSignal;
}

/** Read the example's settings from environment variables; throws `ConfigError` when WEBHOOK_URL is missing. */
export function optionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): AlertsToWebhookOptions {
  if (!env.WEBHOOK_URL) throw new ConfigError('alerts-to-webhook', 'set WEBHOOK_URL');
  const minSeverity = (env.MIN_SEVERITY ?? 'medium') as Severity;
  if (!SEVERITIES.includes(minSeverity))
    throw new ConfigError('alerts-to-webhook', `MIN_SEVERITY must be one of ${SEVERITIES.join(', ')}`);
  return {
    url: env.WEBHOOK_URL,
    secret: env.WEBHOOK_SECRET || undefined,
    deadLetterDir: env.DEAD_LETTER_DIR ?? 'dead-letter',
    paths: env.TRAILKIT_PATHS ? env.TRAILKIT_PATHS.split(',') : undefined,
    minSeverity,
    batchSize: env.BATCH_SIZE ? Number(env.BATCH_SIZE) : undefined,
    retries: env.WEBHOOK_RETRIES ? Number(env.WEBHOOK_RETRIES) : undefined,
    minRetryDelayMs: env.WEBHOOK_MIN_RETRY_DELAY_MS ? Number(env.WEBHOOK_MIN_RETRY_DELAY_MS) : undefined,
  };
}

/** Scan, detect with the CIS and threat packs, and send findings at or above `minSeverity` to the webhook. */
export async function main(options: AlertsToWebhookOptions): Promise<RunSummary> {
  const min = SEVERITIES.indexOf(options.minSeverity ?? 'medium');
  const sink = webhookSink({ url: options.url, secret: options.secret, batchSize: options.batchSize ?? 100 });
  const baseMs = options.minRetryDelayMs ?? 500;
  return pipeline()
    .from(filesSource({ paths: options.paths ?? SAMPLES }))
    .detect([cisRules(), threatRules()])
    .filter((finding) => SEVERITIES.indexOf(finding.severity) >= min)
    .to(sink)
    .run({
      signal: options.signal,
      onInvalid: 'skip',
      dedupe: true,
      batchSize: 500,
      // One owner for retries and the dead letter: the pipeline (the sink makes one attempt per request).
      retry: { attempts: (options.retries ?? 4) + 1, baseMs, maxMs: Math.max(baseMs, 30_000) },
      deadLetter: fileSink({ dir: options.deadLetterDir }),
    });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const summary = await main(optionsFromEnv());
  const s = summary.sinks[0];
  console.log(
    `${summary.events.read} events, ${summary.findings.total} findings; ${s?.written ?? 0} delivered`,
  );
}
