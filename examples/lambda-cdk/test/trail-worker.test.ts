import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  type HttpReceiver,
  s3EventNotification,
  startHttpReceiver,
  startS3Server,
  type S3Server,
} from '@trailkit/testing';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trailWorker } from '../src/trail-worker';

const SAMPLES = new URL('../../../samples/stratus-red-team/', import.meta.url);
const KEY =
  'AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/01/111111111111_CloudTrail_us-east-1_20261201T1000Z_stoplogging00001.json.gz';
const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

let s3: S3Server;
let receiver: HttpReceiver;
beforeAll(async () => {
  s3 = await startS3Server({ buckets: ['trail'] });
  receiver = await startHttpReceiver();
  const records = JSON.parse(
    readFileSync(new URL('aws.defense-evasion.cloudtrail-stop.json', SAMPLES), 'utf8'),
  );
  await s3.client().send(
    new PutObjectCommand({
      Bucket: 'trail',
      Key: KEY,
      Body: gzipSync(JSON.stringify({ Records: records })),
    }),
  );
});
afterAll(async () => {
  await receiver.close();
  await s3.stop();
});

const context = (): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'trail-worker',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:trail-worker',
  memoryLimitInMB: '512',
  awsRequestId: randomUUID(),
  logGroupName: '/aws/lambda/trail-worker',
  logStreamName: 's',
  getRemainingTimeInMillis: () => 60_000,
  done() {},
  fail() {},
  succeed() {},
});

const record = (messageId: string, body: string): SQSEvent['Records'][number] => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(Date.now()),
    SenderId: 'AIDAEXAMPLE',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:Notifications',
  awsRegion: 'us-east-1',
});

describe('trail-worker handler (template a)', () => {
  it('an SQS batch of trail notifications → the StopLogging finding at the webhook; the poison message fails', async () => {
    const handler = trailWorker({ WEBHOOK_URL: receiver.url }, { client: s3.client(), log: quiet });
    const response = await handler(
      {
        Records: [
          record('m-1', s3EventNotification('trail', KEY)),
          record('m-2', '{"not":"a notification"}'),
        ],
      },
      context(),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    const delivered = receiver.received.map((r) => JSON.parse(r.body));
    const rules = JSON.stringify(delivered).match(/threats\.cloudtrail-stopped/g);
    expect(rules?.length).toBeGreaterThan(0);
  });
});
