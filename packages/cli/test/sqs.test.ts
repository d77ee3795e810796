import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  S3_TEST_CREDENTIALS,
  type S3Server,
  type SqsServer,
  s3EventNotification,
  startS3Server,
  startSqsServer,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { cliBin, DAY, parseLines, run } from './helpers';

const BUCKET = 'trail-bucket';
let s3: S3Server;
let sqs: SqsServer;
let queueUrl: string;
const files = readdirSync(DAY)
  .filter((f) => f.endsWith('.json.gz'))
  .slice(0, 5);
const expectedIds = files.flatMap((f) =>
  (
    JSON.parse(gunzipSync(readFileSync(join(DAY, f))).toString()) as { Records: Array<{ eventID: string }> }
  ).Records.map((r) => r.eventID),
);
const env = {
  AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
};

beforeAll(async () => {
  s3 = await startS3Server({ buckets: [BUCKET] });
  sqs = await startSqsServer();
  queueUrl = await sqs.createQueue('trail-events');
  const s3Client = s3.client();
  const sqsClient = sqs.client();
  for (const name of files) {
    const key = `AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/${name}`;
    await s3Client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: readFileSync(join(DAY, name)) }),
    );
    await sqsClient.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3EventNotification(BUCKET, key) }),
    );
  }
});
afterAll(async () => {
  await sqs?.stop();
  await s3?.stop();
});

describe('trailkit scan sqs://', () => {
  it('reads the notified objects, deletes the messages once written, stops when empty', async () => {
    const args = ['scan', `sqs://${queueUrl}`, '--endpoint', sqs.endpoint, '--s3-endpoint', s3.endpoint];
    const { code, stdout, stderr } = await run([...args, '--stop-when-empty', '-f', 'ndjson'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(
      parseLines(stdout)
        .map((l) => l.eventID)
        .sort(),
    ).toEqual([...expectedIds].sort());
    expect(sqs.count('DeleteMessage') + sqs.count('DeleteMessageBatch')).toBeGreaterThan(0);
    // nothing left: a second run reads nothing
    const again = await run([...args, '--stop-when-empty', '-f', 'ndjson'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('--region does not apply to a queue', async () => {
    const { code, stderr } = await run(['scan', `sqs://${queueUrl}`, '--region', 'us-east-1'], env);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^trailkit: sqs:\/\/ reads what the queue delivers/);
  });
});

describe('trailkit scan sqs:// as a worker', () => {
  it('stops cleanly on SIGTERM: outputs flushed, summary printed, exit 143', async () => {
    const { spawn } = await import('node:child_process');
    const name = files[0]!;
    const key = `AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/${name}`;
    // a queue of its own, so no earlier run's receive can hold the message
    const workerQueue = await sqs.createQueue('trail-worker');
    await sqs
      .client()
      .send(new SendMessageCommand({ QueueUrl: workerQueue, MessageBody: s3EventNotification(BUCKET, key) }));
    const child = spawn(
      process.execPath,
      [
        cliBin(),
        'scan',
        `sqs://${workerQueue}`,
        '--endpoint',
        sqs.endpoint,
        '--s3-endpoint',
        s3.endpoint,
        '-f',
        'ndjson',
        '--summary',
        // source-s3's sqsSource (mergeConcurrent) waits for `concurrency` messages (or the end of the
        // queue) before working on the first one: with one message and the default, it would sit idle
        '--concurrency',
        '1',
      ],
      { env: { ...process.env, ...env, CI: '1' } },
    );
    // a failed or timed-out test must not leave the worker running (it runs until stopped)
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const expected = (
      JSON.parse(gunzipSync(readFileSync(join(DAY, name))).toString()) as { Records: unknown[] }
    ).Records.length;
    // a worker runs until stopped: wait for the message's events, then stop it
    await expect.poll(() => stdout.split('\n').length - 1, { timeout: 20_000, interval: 100 }).toBe(expected);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    // stopped before its (endless) input was finished
    expect(code).toBe(143);
    expect(parseLines(stdout)).toHaveLength(expected);
    const summaryLine = stderr
      .trimEnd()
      .split('\n')
      .findLast((l) => l.startsWith('{'))!;
    expect(stderr).toContain('trailkit: interrupted before the input was finished');
    const summary = JSON.parse(summaryLine) as { aborted: boolean; events: { read: number } };
    expect(summary.aborted).toBe(true);
    expect(summary.events.read).toBe(expected);
    expect(stderr).toContain('trailkit: stopping on SIGTERM');
    // the message was written before the stop, so it was deleted (acked)
    expect(sqs.queue('trail-worker')).toMatchObject({ visible: 0, inFlight: 0 });
  });
});
