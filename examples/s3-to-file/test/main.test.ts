import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { type S3Server, startS3Server } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

let server: S3Server;
let work: string;
let expectedIds: string[];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  server = await startS3Server({ buckets: ['trail'] });
  const client = server.client();
  // the bundled real CloudTrail files (invictus-ir/aws_dataset), uploaded byte for byte under their keys
  expectedIds = [];
  for (const file of await filesUnder(join(SAMPLES, 'AWSLogs'))) {
    const body = await readFile(file);
    const key = `cloudtrail/${relative(SAMPLES, file)}`;
    await client.send(new PutObjectCommand({ Bucket: 'trail', Key: key, Body: body }));
    const { Records } = JSON.parse(gunzipSync(body).toString('utf8')) as { Records: { eventID: string }[] };
    expectedIds.push(...Records.map((r) => r.eventID));
  }
  work = await mkdtemp(join(tmpdir(), 'trailkit-s3-to-file-'));
});
afterAll(async () => {
  await server.stop();
  await rm(work, { recursive: true, force: true });
});

function runMain(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: EXAMPLE,
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      S3_ENDPOINT: server.endpoint,
      TRAIL_BUCKET: 'trail',
      TRAIL_PREFIX: 'cloudtrail',
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

describe('examples/s3-to-file against the local S3 server', () => {
  it('copies every event of the real sample bucket to partitioned gzip NDJSON, then resumes with nothing to do', async () => {
    const env = { OUT_DIR: join(work, 'all'), CHECKPOINT: join(work, 'all.json') };
    const first = await runMain(env);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ objects: 52, events: 2474, invalid: 0 });
    expect(await writtenIds(env.OUT_DIR)).toEqual([...expectedIds].sort());
    const partitions = (await filesUnder(env.OUT_DIR)).map((f) => relative(env.OUT_DIR, f));
    // partitioned by recipientAccountId/region/date (the publisher anonymised recipientAccountId differently from the key's account)
    expect(partitions.filter((p) => !/^\d{12}\/us-east-1\/2023\/07\/10\/[^/]+\.ndjson\.gz$/.test(p))).toEqual(
      [],
    );
    expect(partitions.length).toBeGreaterThan(0);

    const second = await runMain(env);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout.trim().split('\n').at(-1)!)).toMatchObject({ objects: 0, events: 0 });
  }, 60_000);

  it('honours a time range and the account filter', async () => {
    const env = {
      OUT_DIR: join(work, 'range'),
      CHECKPOINT: join(work, 'range.json'),
      ACCOUNTS: '218007301253',
      REGIONS: 'us-east-1',
      SINCE: '2023-07-10T12:00:00Z',
      UNTIL: '2023-07-10T12:20:00Z',
    };
    const run = await runMain(env);
    expect(run.code, run.stderr).toBe(0);
    const ids = await writtenIds(env.OUT_DIR);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(expectedIds.length);
    for (const file of await filesUnder(env.OUT_DIR)) {
      for (const line of gunzipSync(await readFile(file))
        .toString('utf8')
        .split('\n')
        .filter(Boolean)) {
        const { eventTime } = JSON.parse(line) as { eventTime: string };
        expect(eventTime >= '2023-07-10T12:00:00Z' && eventTime < '2023-07-10T12:20:00Z').toBe(true);
      }
    }
  }, 60_000);
});
