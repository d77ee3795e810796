/**
 * Lambda handler (a): S3 notifications of new trail log files arrive through SQS; each batch is read,
 * checked against the CIS and threat rules, and the findings go to Slack and/or a webhook. Deployed by
 * `TrailWorkerStack`; bundled by `src/bundle.ts`.
 *
 * Environment: SLACK_WEBHOOK_URL, WEBHOOK_URL, WEBHOOK_SECRET (each optional; with none, findings are
 * logged as JSON lines), SAFETY_MARGIN_MS.
 */
import { cisRules, defineSink, type Finding, pipeline, type Sink, threatRules } from '@trailkit/core';
import type { S3Client } from '@aws-sdk/client-s3';
import { type JsonLogger, jsonLogger, keepOpen, type SqsLambdaHandler, sqsHandler } from '@trailkit/lambda';
import { slackSink } from '@trailkit/sink-slack';
import { webhookSink } from '@trailkit/sink-webhook';

/** What the handler needs besides its environment (tests inject a client for the local S3 server). */
export interface TrailWorkerDeps {
  client?: S3Client;
  log?: JsonLogger;
}

/** Build the handler from an environment: once per container, at module scope. */
export function trailWorker(
  env: Record<string, string | undefined>,
  deps: TrailWorkerDeps = {},
): SqsLambdaHandler {
  const log = deps.log ?? jsonLogger();
  const sinks: Sink<Finding>[] = [];
  if (env.SLACK_WEBHOOK_URL) sinks.push(keepOpen(slackSink({ webhookUrl: env.SLACK_WEBHOOK_URL })));
  if (env.WEBHOOK_URL)
    sinks.push(keepOpen(webhookSink({ url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET })));
  if (sinks.length === 0) {
    sinks.push(
      defineSink<Finding>({
        name: 'log',
        write: async (findings) => {
          for (const f of findings)
            log.warn('finding', { rule: f.rule.id, severity: f.severity, summary: f.summary });
        },
      }),
    );
  }
  const work = pipeline()
    .detect([...cisRules(), ...threatRules()])
    .to(...sinks);
  return sqsHandler({
    pipeline: work,
    ...(deps.client ? { client: deps.client } : { clientConfig: { region: env.AWS_REGION } }),
    safetyMarginMs: env.SAFETY_MARGIN_MS ? Number(env.SAFETY_MARGIN_MS) : undefined,
    log,
  });
}

/** The Lambda entry point (`index.handler`). */
export const handler = trailWorker(process.env);
