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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, parseLines, run } from './helpers';

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
