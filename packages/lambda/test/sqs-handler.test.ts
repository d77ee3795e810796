import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getOrigin, pipeline, type TrailEvent } from '@trailkit/core';
import {
  type S3Server,
  type SqsServer,
  s3EventNotification,
  s3TestEvent,
  startS3Server,
  startSqsServer,
} from '@trailkit/testing';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepOpen, sqsHandler } from '../src/index';
import { type RealLogFile, realLogFiles, recordingSink } from './fixtures';
import { lambdaContext, sqsEvent } from './lambda-events';

const BUCKET = 'trail';
let s3Server: S3Server;
let sqsServer: SqsServer;
let s3: S3Client;
let sqs: SQSClient;
let files: RealLogFile[];
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  s3Server = await startS3Server({ buckets: [BUCKET] });
  sqsServer = await startSqsServer();
  s3 = s3Server.client();
  sqs = sqsServer.client();
  files = realLogFiles().slice(0, 6);
  for (const f of files) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: f.key, Body: f.body }));
});
afterAll(async () => {
  await sqsServer.stop();
  await s3Server.stop();
});

/** Send bodies to a fresh queue and receive them as Lambda's event source mapping does. */
async function deliver(name: string, bodies: string[]) {
  const url = await sqsServer.createQueue(name, { VisibilityTimeout: '60' });
  for (const body of bodies) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
  const messages = [];
  while (messages.length < bodies.length) {
    const r = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    messages.push(...(r.Messages ?? []));
  }
  const byBody = new Map(messages.map((m) => [m.Body, m]));
  const ordered = bodies.map((b) => byBody.get(b)!);
  return { url, messages: ordered, event: sqsEvent(ordered, `arn:aws:sqs:us-east-1:111111111111:${name}`) };
}

/** What the event source mapping does with the response: delete every message not reported failed. */
async function settle(url: string, event: ReturnType<typeof sqsEvent>, response: SQSBatchResponse) {
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  const done = event.Records.filter((r) => !failed.has(r.messageId));
  if (done.length > 0)
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
      }),
    );
}

const idsOf = (events: readonly TrailEvent[]) => events.map((e) => e.eventID);

describe('sqsHandler', () => {
  it('reads the objects of direct, SNS and EventBridge notifications; only the poisoned message fails', async () => {
    const sink = recordingSink<TrailEvent>();
    const handler = sqsHandler({ pipeline: pipeline().to(sink), client: s3, log: quiet });
    const [a, b, c] = files as [RealLogFile, RealLogFile, RealLogFile];
    const missing =
      'AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/01/111111111111_CloudTrail_us-east-1_20261201T1000Z_gone.json.gz';
    const bodies = [
      s3EventNotification(BUCKET, a.key, 'direct'),
      s3EventNotification(BUCKET, missing, 'direct'), // poisoned: the object does not exist
      s3EventNotification(BUCKET, b.key, 'sns'),
      s3TestEvent(BUCKET),
      s3EventNotification(BUCKET, c.key, 'eventbridge'),
      s3EventNotification(BUCKET, files[3]!.key, 'cloudtrail-sns'), // CloudTrail's own SNS notification
    ];
    const { url, messages, event } = await deliver('poison', bodies);
    const response = await handler(event, lambdaContext(60_000));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: messages[1]!.MessageId }]);
    expect(idsOf(sink.items)).toEqual([...a.eventIDs, ...b.eventIDs, ...c.eventIDs, ...files[3]!.eventIDs]);
    expect(getOrigin(sink.items[0]!)?.object).toBe(`s3://${BUCKET}/${a.key}`);

    await settle(url, event, response);
    const queue = sqsServer.queue('poison');
    expect(queue.visible + queue.inFlight).toBe(1);
    expect(queue.bodies).toEqual([bodies[1]]);
  });

  it('reports a body that is no notification, and skips digest files without failing', async () => {
    const sink = recordingSink<TrailEvent>();
    const handler = sqsHandler({ pipeline: pipeline().to(sink), client: s3, log: quiet });
    const digest =
      'AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/12/01/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20261201T100000Z.json.gz';
    const { messages, event } = await deliver('shapes', ['not json', s3EventNotification(BUCKET, digest)]);
    const response = await handler(event, lambdaContext(60_000));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: messages[0]!.MessageId }]);
    expect(sink.items).toEqual([]);
  });

  it('reports nothing done before every sink wrote it: a failing sink fails its message and the rest', async () => {
    const [a, b, c] = files as [RealLogFile, RealLogFile, RealLogFile];
    const bad = new Set(b.eventIDs);
    const good = recordingSink<TrailEvent>();
    const failing = recordingSink<TrailEvent>({ fail: (items) => items.some((e) => bad.has(e.eventID!)) });
    const handler = sqsHandler({
      pipeline: pipeline().to(good, failing),
      client: s3,
      log: quiet,
      concurrency: 1,
      retry: { attempts: 1 },
    });
    const { messages, event } = await deliver(
      'sink-fails',
      [a, b, c].map((f) => s3EventNotification(BUCKET, f.key)),
    );
    const response = await handler(event, lambdaContext(60_000));
    const failed = response.batchItemFailures.map((f) => f.itemIdentifier);
    expect(failed).toContain(messages[1]!.MessageId);
    expect(failed).not.toContain(messages[0]!.MessageId);
    // Every message reported done was written by both sinks.
    const written = new Set(idsOf(failing.items));
    for (const [i, f] of [a, b, c].entries()) {
      if (!failed.includes(messages[i]!.MessageId!))
        expect(f.eventIDs.every((id) => written.has(id))).toBe(true);
    }
  });

  it('stops before the deadline and reports the unfinished messages: 0 lost', async () => {
    const sink = recordingSink<TrailEvent>({ delayMs: 150 });
    const work = pipeline().to(keepOpen(sink));
    const handler = sqsHandler({
      pipeline: work,
      client: s3,
      log: quiet,
      safetyMarginMs: 400,
      concurrency: 1,
    });
    const { url, messages, event } = await deliver(
      'deadline',
      files.map((f) => s3EventNotification(BUCKET, f.key)),
    );
    const started = Date.now();
    const response = await handler(event, lambdaContext(400 + 350));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(750); // returned before Lambda would have killed it

    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    expect(failed.size).toBeGreaterThan(0);
    expect(failed.size).toBeLessThan(files.length);
    const written = new Set(idsOf(sink.items));
    files.forEach((f, i) => {
      const id = messages[i]!.MessageId!;
      // Each message is either fully written (and deleted) or reported failed (and redelivered).
      if (!failed.has(id)) expect(f.eventIDs.every((e) => written.has(e))).toBe(true);
    });
    await settle(url, event, response);
    expect(sqsServer.queue('deadline').bodies).toHaveLength(failed.size);

    // The same container serves the next invocation (sinks kept open): the redelivered rest is finished.
    const again = event.Records.filter((r) => failed.has(r.messageId));
    const second = await handler({ Records: again }, lambdaContext(60_000));
    expect(second.batchItemFailures).toEqual([]);
    const all = new Set(idsOf(sink.items));
    expect(files.every((f) => f.eventIDs.every((e) => all.has(e)))).toBe(true);
  });

  it('with no time left reports every message without reading', async () => {
    const sink = recordingSink<TrailEvent>();
    const handler = sqsHandler({
      pipeline: pipeline().to(sink),
      client: s3,
      log: quiet,
      safetyMarginMs: 5_000,
    });
    const { event } = await deliver('late', [s3EventNotification(BUCKET, files[0]!.key)]);
    s3Server.resetRequests();
    const response = await handler(event, lambdaContext(1_000));
    expect(response.batchItemFailures).toHaveLength(1);
    expect(s3Server.count('GetObject')).toBe(0);
    expect(sink.items).toEqual([]);
  });
});
