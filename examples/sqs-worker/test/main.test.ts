import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  type S3NotificationKind,
  type S3Server,
  type SqsServer,
  s3EventNotification,
  s3TestEvent,
  startS3Server,
  startSqsServer,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

let s3Server: S3Server;
let sqsServer: SqsServer;
let work: string;
const keys: string[] = [];
const expectedIds: string[] = [];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  s3Server = await startS3Server({ buckets: ['trail'] });
  sqsServer = await startSqsServer();
  const s3 = s3Server.client();
  for (const file of await filesUnder(join(SAMPLES, 'AWSLogs'))) {
    const body = await readFile(file);
    const key = relative(SAMPLES, file);
    await s3.send(new PutObjectCommand({ Bucket: 'trail', Key: key, Body: body }));
    keys.push(key);
    const { Records } = JSON.parse(gunzipSync(body).toString('utf8')) as { Records: { eventID: string }[] };
    expectedIds.push(...Records.map((r) => r.eventID));
  }
  work = await mkdtemp(join(tmpdir(), 'trailkit-sqs-worker-'));
});
afterAll(async () => {
  await sqsServer.stop();
  await s3Server.stop();
  await rm(work, { recursive: true, force: true });
});

function runWorker(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: EXAMPLE,
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      S3_ENDPOINT: s3Server.endpoint,
      SQS_ENDPOINT: sqsServer.endpoint,
      WAIT_TIME: '1',
      STOP_WHEN_EMPTY: '1',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

async function writtenIds(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const file of await filesUnder(dir)) {
    if (!file.endsWith('.ndjson.gz')) continue;
    const lines = gunzipSync(await readFile(file))
      .toString('utf8')
      .split('\n')
      .filter(Boolean);
    ids.push(...lines.map((line) => (JSON.parse(line) as { eventID: string }).eventID));
  }
  return ids.sort();
}

describe('examples/sqs-worker against the local S3 and SQS servers', () => {
  it('two workers drain the notifications for the real sample files: every event once, poison dead-lettered', async () => {
    const queueUrl = await sqsServer.createQueue('cloudtrail-objects');
    const sqs = sqsServer.client();
    const kinds: S3NotificationKind[] = ['direct', 'sns', 'eventbridge'];
    for (const [i, key] of keys.entries()) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: s3EventNotification('trail', key, kinds[i % 3]),
        }),
      );
    }
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3TestEvent('trail') }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'garbage' }));

    const common = {
      QUEUE_URL: queueUrl,
      OUT_DIR: join(work, 'out'),
      DEAD_LETTER_FILE: join(work, 'dead.ndjson'),
    };
    const [a, b] = await Promise.all([runWorker(common), runWorker(common)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const stats = [a, b].map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!));
    expect(stats[0].objects + stats[1].objects).toBe(52);
    expect(stats[0].poison + stats[1].poison).toBe(1);
    expect(await writtenIds(common.OUT_DIR)).toEqual([...expectedIds].sort());
    const dead = (await readFile(common.DEAD_LETTER_FILE, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(dead).toEqual([
      expect.objectContaining({ body: 'garbage', error: expect.stringMatching(/not JSON/) }),
    ]);
    expect(sqsServer.queue('cloudtrail-objects').bodies).toEqual([]);
  }, 60_000);
});
