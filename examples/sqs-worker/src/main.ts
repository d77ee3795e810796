/**
 * sqs-worker: one of any number of workers consuming S3 event notifications for new CloudTrail log files
 * from an SQS queue. Each worker fetches the new files, writes their events as gzip NDJSON files and deletes
 * a message only after its events are written. Start as many as you need; stop with Ctrl-C (SIGINT/SIGTERM):
 * unfinished messages simply become visible again for another worker.
 *
 * Configure with environment variables:
 *   QUEUE_URL           the queue S3 (direct, via SNS or via EventBridge) notifies (required)
 *   OUT_DIR             output directory (default: out)
 *   CONCURRENCY         messages worked on at once (default: 4)
 *   VISIBILITY_TIMEOUT  seconds, extended while a message is worked on (default: 120)
 *   WAIT_TIME           long-poll seconds (default: 20)
 *   DEAD_LETTER_FILE    append poison messages to this file and delete them (default: keep them for the
 *                       queue's redrive policy)
 *   STOP_WHEN_EMPTY     set to 1 to exit once the queue is empty (batch jobs, tests)
 *   AWS_REGION and the usual AWS credential variables / profiles
 *   S3_ENDPOINT, SQS_ENDPOINT  endpoints instead of AWS (local tests)
 */
import { appendFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { pipeline, type RunSummary } from '@trailkit/core';
import { s3CompatibleConfig } from '@trailkit/core/plugin';
import { fileSink } from '@trailkit/sink-file';
import { type SqsSourceStats, sqsSource } from '@trailkit/source-s3';

/** Run one worker with the given environment until the signal aborts (or the queue is empty, if asked). */
export async function main(
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<{ summary: RunSummary; stats: SqsSourceStats }> {
  const queueUrl = env.QUEUE_URL;
  if (!queueUrl) throw new Error('set QUEUE_URL to the queue that receives the S3 notifications');
  const region = env.AWS_REGION ?? 'us-east-1';
  const s3 = new S3Client({
    region,
    ...(env.S3_ENDPOINT ? s3CompatibleConfig(env.S3_ENDPOINT, region) : {}),
  });
  const sqs = new SQSClient({ region, ...(env.SQS_ENDPOINT ? { endpoint: env.SQS_ENDPOINT } : {}) });
  const deadLetterFile = env.DEAD_LETTER_FILE;
  const source = sqsSource({
    queueUrl,
    client: sqs,
    s3Client: s3,
    concurrency: env.CONCURRENCY ? Number(env.CONCURRENCY) : 4,
    visibilityTimeout: env.VISIBILITY_TIMEOUT ? Number(env.VISIBILITY_TIMEOUT) : 120,
    waitTimeSeconds: env.WAIT_TIME ? Number(env.WAIT_TIME) : 20,
    stopWhenEmpty: env.STOP_WHEN_EMPTY === '1',
    deadLetter: deadLetterFile
      ? async (message, error) => {
          const line = { messageId: message.MessageId, body: message.Body, error: error.message };
          await appendFile(deadLetterFile, `${JSON.stringify(line)}\n`);
        }
      : 'keep',
  });
  try {
    const summary = await pipeline()
      .from(source)
      .to(fileSink({ dir: env.OUT_DIR ?? 'out', gzip: true, partitionBy: 'account/region/date' }))
      .run({ signal, onInvalid: 'skip' });
    return { summary, stats: source.stats() };
  } finally {
    s3.destroy();
    sqs.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => controller.abort());
  const { summary, stats } = await main(process.env, controller.signal);
  console.log(
    JSON.stringify({
      events: summary.events.read,
      invalid: summary.events.invalid,
      ...stats,
    }),
  );
}
