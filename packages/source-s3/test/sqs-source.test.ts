import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { getOrigin, pipeline, type TrailEvent } from '@trailkit/core';
import {
  bundleScript,
  putCloudTrailTree,
  readSource,
  type S3NotificationKind,
  type S3Server,
  type SqsServer,
  s3EventNotification,
  s3TestEvent,
  startS3Server,
  startSqsServer,
  type UploadedTree,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { PoisonMessageError, S3AccessDeniedError, sqsSource } from '../src/index';
import { realRecords } from './helpers';

let s3Server: S3Server;
let sqsServer: SqsServer;
let s3: S3Client;
let sqs: SQSClient;
let tree: UploadedTree;
let work: string;
/** The worker script, bundled (each start runs plain JavaScript, without a TypeScript loader). */
let worker: string;

beforeAll(async () => {
  s3Server = await startS3Server({ buckets: ['trail'] });
  sqsServer = await startSqsServer();
  s3 = s3Server.client();
  sqs = sqsServer.client();
  tree = await putCloudTrailTree(s3, 'trail', {
    organizationId: 'o-abc123defg',
    accounts: ['111111111111', '222222222222'],
    regions: ['us-east-1', 'eu-west-1'],
    days: ['2026-11-01', '2026-11-02'],
    filesPerDay: 3,
    recordsPerFile: 7,
    records: realRecords(),
    insights: true,
  });
  work = await mkdtemp(join(tmpdir(), 'trailkit-sqs-'));
  worker = await bundleScript(WORKER, { outDir: join(work, 'bin') });
});
afterAll(async () => {
  await sqsServer.stop();
  await s3Server.stop();
  await rm(work, { recursive: true, force: true });
});

const KINDS: S3NotificationKind[] = ['direct', 'sns', 'eventbridge', 'cloudtrail-sns'];

async function notifyAll(queueUrl: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: keys.slice(i, i + 10).map((key, j) => ({
          Id: `m${i + j}`,
          MessageBody: s3EventNotification('trail', key, KINDS[(i + j) % KINDS.length]),
        })),
      }),
    );
  }
}

function memorySink() {
  const events: TrailEvent[] = [];
  return {
    events,
    sink: { name: 'memory', write: async (items: readonly TrailEvent[]) => void events.push(...items) },
  };
}

const allIds = () => tree.logFiles.flatMap((f) => f.events.map((e) => e.eventID)).sort();

describe('sqsSource', () => {
  it('reads every notified log file (direct, SNS, EventBridge, CloudTrail SNS) and deletes messages after ack', async () => {
    const queueUrl = await sqsServer.createQueue('all-shapes');
    await notifyAll(
      queueUrl,
      tree.logFiles.map((f) => f.key),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3TestEvent('trail') }));
    await notifyAll(queueUrl, [...tree.digestKeys.slice(0, 2), ...tree.insightKeys.slice(0, 2)]);

    const source = sqsSource({
      queueUrl,
      client: sqs,
      s3Client: s3,
      waitTimeSeconds: 1,
      stopWhenEmpty: true,
    });
    const { events, sink } = memorySink();
    const summary = await pipeline().from(source).to(sink).run({ onInvalid: 'skip' });

    expect(events.map((e) => e.eventID).sort()).toEqual(allIds());
    expect(getOrigin(events[0]!)).toMatchObject({
      source: 'sqs',
      object: expect.stringMatching(/^s3:\/\/trail\/AWSLogs\//),
    });
    expect(summary.objects).toBe(tree.logFiles.length);
    expect(source.stats()).toMatchObject({
      received: tree.logFiles.length + 1 + 4,
      deleted: tree.logFiles.length + 1 + 4,
      testEvents: 1,
      skippedKeys: 4,
      poison: 0,
      objects: tree.logFiles.length,
    });
    // digests and insights were never fetched, and every message is gone (none comes back)
    expect(
      s3Server.requests.some((r) => r.operation === 'GetObject' && /CloudTrail-(Digest|Insight)/.test(r.key)),
    ).toBe(false);
    expect(sqsServer.queue('all-shapes')).toMatchObject({ visible: 0, inFlight: 0, bodies: [] });
  });

  it('does not delete a message until its batches are acknowledged', async () => {
    const queueUrl = await sqsServer.createQueue('no-ack');
    await notifyAll(
      queueUrl,
      tree.logFiles.slice(0, 3).map((f) => f.key),
    );
    const source = sqsSource({
      queueUrl,
      client: sqs,
      s3Client: s3,
      waitTimeSeconds: 0,
      visibilityTimeout: 30,
      stopWhenEmpty: true,
    });
    const first = await readSource(source);
    expect(first.events).toHaveLength(3 * 7);
    expect(sqsServer.queue('no-ack')).toMatchObject({ inFlight: 3, visible: 0 });
    // acking every batch of a message deletes it; batches of one message share the message
    for (const batch of first.batches) await batch.ack?.();
    expect(sqsServer.queue('no-ack').bodies).toEqual([]);
    expect(source.stats().deleted).toBe(3);
  });

  it('hands poison messages to the dead-letter policy and counts them', async () => {
    const queueUrl = await sqsServer.createQueue('poison');
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'not json at all' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"hello":"world"}' }));
    const missing =
      'AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/01/111111111111_CloudTrail_us-east-1_20261101T0005Z_missingmissing00.json.gz';
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3EventNotification('trail', missing) }),
    );
    await notifyAll(queueUrl, [tree.logFiles[0]!.key]);

    const dead: Array<{ body: string | undefined; error: PoisonMessageError }> = [];
    const source = sqsSource({
      queueUrl,
      client: sqs,
      s3Client: s3,
      waitTimeSeconds: 0,
      stopWhenEmpty: true,
      deadLetter: async (message, error) => void dead.push({ body: message.Body, error }),
    });
    const { events, sink } = memorySink();
    await pipeline().from(source).to(sink).run({ onInvalid: 'skip' });
    expect(events).toHaveLength(7);
    expect(source.stats().poison).toBe(3);
    expect(dead.map((d) => d.error.message)).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/unknown message shape/),
      expect.stringMatching(new RegExp(`s3://trail/${missing}: object not found`)),
    ]);
    expect(dead.every((d) => PoisonMessageError.isInstance(d.error))).toBe(true);
    expect(sqsServer.queue('poison').bodies).toEqual([]);
  });

  it("keeps poison messages with deadLetter: 'keep' (they return for SQS's redrive policy)", async () => {
    const queueUrl = await sqsServer.createQueue('poison-keep');
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '[1,2,3]' }));
    const source = sqsSource({
      queueUrl,
      client: sqs,
      s3Client: s3,
      waitTimeSeconds: 0,
      stopWhenEmpty: true,
    });
    await readSource(source);
    expect(source.stats().poison).toBe(1);
    expect(sqsServer.queue('poison-keep').bodies).toEqual(['[1,2,3]']);
  });

  it('extends visibility while a slow sink works, so no other consumer gets the message', async () => {
    const queueUrl = await sqsServer.createQueue('heartbeat');
    await notifyAll(queueUrl, [tree.logFiles[1]!.key]);
    sqsServer.resetRequests();
    const source = sqsSource({
      queueUrl,
      client: sqs,
      s3Client: s3,
      waitTimeSeconds: 0,
      visibilityTimeout: 1,
      stopWhenEmpty: true,
    });
    const slowSink = {
      name: 'slow',
      write: () => new Promise<void>((resolve) => setTimeout(resolve, 2500)),
    };
    await pipeline().from(source).to(slowSink).run({ onInvalid: 'skip' });
    expect(sqsServer.count('ChangeMessageVisibility')).toBeGreaterThanOrEqual(3);
    // received once: the 1-second visibility never lapsed during 2.5 s of work
    expect(source.stats()).toMatchObject({ received: 1, deleted: 1 });
    expect(sqsServer.queue('heartbeat').bodies).toEqual([]);
  });

  it('counts bad records through the run onInvalid, still deletes the message, and retries a failing receive', async () => {
    const queueUrl = await sqsServer.createQueue('bad-records');
    const key =
      'AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/09/111111111111_CloudTrail_us-east-1_20261109T0005Z_badrecords000001.json.gz';
    const good = (id: string) =>
      JSON.stringify({ eventVersion: '1.08', eventID: id, eventTime: '2026-11-09T00:01:00Z' });
    await s3.send(
      new PutObjectCommand({
        Bucket: 'trail',
        Key: key,
        Body: gzipSync(`{"Records":[${good('x1')},"oops",${good('x2')}]}`),
      }),
    );
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3EventNotification('trail', key) }),
    );
    sqsServer.injectFault({ operation: 'ReceiveMessage', times: 1, status: 500 });
    const source = sqsSource({
      queueUrl,
      client: sqsServer.client({ maxAttempts: 1 }),
      s3Client: s3,
      waitTimeSeconds: 0,
      stopWhenEmpty: true,
      retry: { baseMs: 1, maxMs: 5 },
    });
    const { events, sink } = memorySink();
    const summary = await pipeline().from(source).to(sink).run({ onInvalid: 'skip' });
    expect(events.map((e) => e.eventID)).toEqual(['x1', 'x2']);
    expect(summary.events.invalid).toBe(1);
    expect(Object.keys(summary.invalidByCode)).toEqual(['PARSE_NOT_AN_OBJECT']);
    expect(source.stats()).toMatchObject({ received: 1, deleted: 1, poison: 0 });
    expect(sqsServer.queue('bad-records').bodies).toEqual([]);
  });

  it('releases a message when S3 keeps throttling (it comes back later) and stops on AccessDenied', async () => {
    const queueUrl = await sqsServer.createQueue('throttled');
    const file = tree.logFiles[2]!;
    await notifyAll(queueUrl, [file.key]);
    s3Server.injectFault({ operation: 'GetObject', key: file.key, times: 2, status: 503, code: 'SlowDown' });
    const options = {
      queueUrl,
      client: sqs,
      s3Client: s3Server.client({ maxAttempts: 1 }),
      waitTimeSeconds: 0,
      visibilityTimeout: 30,
      stopWhenEmpty: true,
      retry: { attempts: 2, baseMs: 1, maxMs: 5 },
    };
    const source = sqsSource(options);
    const first = await readSource(source);
    expect(first.events).toEqual([]);
    expect(source.stats()).toMatchObject({ received: 1, released: 1, deleted: 0 });
    expect(sqsServer.queue('throttled')).toMatchObject({ inFlight: 1 });

    // make it visible again; this time S3 refuses access: the worker stops with a clear error
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3EventNotification('trail', file.key) }),
    );
    s3Server.injectFault({ operation: 'GetObject', key: file.key, status: 403, code: 'AccessDenied' });
    const error = await readSource(sqsSource(options)).catch((e: unknown) => e);
    expect(S3AccessDeniedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`s3://trail/${file.key}`);
  });

  it('validates options', () => {
    expect(() => sqsSource({ queueUrl: 'nope' })).toThrow(/queueUrl must be a queue URL like/);
    expect(() => sqsSource({ queueUrl: 'http://127.0.0.1:1/000000000000/q', waitTimeSeconds: 21 })).toThrow(
      /waitTimeSeconds/,
    );
    expect(() => sqsSource({ queueUrl: 'http://127.0.0.1:1/000000000000/q', maxMessages: 11 })).toThrow(
      /maxMessages/,
    );
    expect(() =>
      sqsSource({ queueUrl: 'http://127.0.0.1:1/000000000000/q', deadLetter: 'drop' as unknown as 'keep' }),
    ).toThrow(/deadLetter/);
  });
});

const WORKER = fileURLToPath(new URL('./fixtures/sqs-worker.ts', import.meta.url));

function runWorker(env: Record<string, string>): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  ready: Promise<void>;
  kill(): void;
} {
  const child = spawn(process.execPath, [worker], {
    env: { ...process.env, ...env },
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  // A failed or timed-out test must not leave the worker running (it may be waiting for GO_FILE forever).
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  const ready = new Promise<void>((resolve) => {
    const check = () => (stdout.includes('ready\n') ? resolve() : setTimeout(check, 20));
    check();
  });
  return { done, ready, kill: () => child.kill('SIGKILL') };
}

async function idsIn(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

describe('sqsSource with two worker processes on one queue', () => {
  it('never loses an object and duplicates nothing when no worker crashes', async () => {
    const queueUrl = await sqsServer.createQueue('workers');
    await notifyAll(
      queueUrl,
      tree.logFiles.map((f) => f.key),
    );
    const env = {
      QUEUE_URL: queueUrl,
      SQS_ENDPOINT: sqsServer.endpoint,
      S3_ENDPOINT: s3Server.endpoint,
      VISIBILITY: '10',
      SLOW_MS: '100',
      GO_FILE: join(work, 'go'),
    };
    const a = runWorker({ ...env, OUT: join(work, 'a.txt') });
    const b = runWorker({ ...env, OUT: join(work, 'b.txt') });
    await Promise.all([a.ready, b.ready]);
    await writeFile(env.GO_FILE, '');
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    const idsA = await idsIn(join(work, 'a.txt'));
    const idsB = await idsIn(join(work, 'b.txt'));
    expect(idsA.length).toBeGreaterThan(0); // both took part
    expect(idsB.length).toBeGreaterThan(0);
    expect([...idsA, ...idsB].sort()).toEqual(allIds()); // exactly once each
    expect(sqsServer.queue('workers').bodies).toEqual([]);
  }, 60_000);

  it('after a worker is killed mid-way, the other picks up its messages: nothing lost, duplicates only from the crash', async () => {
    const queueUrl = await sqsServer.createQueue('workers-crash');
    await notifyAll(
      queueUrl,
      tree.logFiles.map((f) => f.key),
    );
    const env = {
      QUEUE_URL: queueUrl,
      SQS_ENDPOINT: sqsServer.endpoint,
      S3_ENDPOINT: s3Server.endpoint,
      VISIBILITY: '2',
    };
    const victim = runWorker({ ...env, OUT: join(work, 'victim.txt'), SLOW_MS: '400' });
    // let the victim write something, then kill it with messages in flight
    for (let i = 0; i < 100 && (await idsIn(join(work, 'victim.txt'))).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    victim.kill();
    await victim.done;
    // the survivor stops when the queue looks empty: start it once the victim's messages are visible again
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const survivor = runWorker({ ...env, OUT: join(work, 'survivor.txt'), SLOW_MS: '0' });
    const result = await survivor.done;
    expect(result.code, result.stderr).toBe(0);
    const victimIds = await idsIn(join(work, 'victim.txt'));
    const survivorIds = await idsIn(join(work, 'survivor.txt'));
    expect(victimIds.length).toBeGreaterThan(0);
    expect(new Set([...victimIds, ...survivorIds])).toEqual(new Set(allIds())); // nothing lost
    // duplicates are bounded by what the victim had in flight: at most concurrency (2) + prefetched (2) messages
    const duplicates = victimIds.length + survivorIds.length - allIds().length;
    expect(duplicates).toBeLessThanOrEqual(4 * 7);
    expect(sqsServer.queue('workers-crash').bodies).toEqual([]);
  }, 60_000);
});
