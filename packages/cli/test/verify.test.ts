import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type CloudTrailServer,
  generateSigningKey,
  listPublicKeysOutput,
  putTrailObjects,
  S3_TEST_CREDENTIALS,
  type S3Server,
  signedTrail,
  startCloudTrailServer,
  startS3Server,
  type TrailObject,
  writeTrailTree,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, SAMPLES } from './helpers';

const BUCKET = 'verify-bucket';
const START = new Date('2026-11-01T00:00:00Z');
const range = ['--since', '2026-11-01T00:00:00Z', '--until', '2026-11-01T06:00:00Z'];
let s3: S3Server;
let cloudtrail: CloudTrailServer;
let dir: string;
let keysFile: string;
let objects: TrailObject[];
let modifiedKey: string;
const env = {
  AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
};

beforeAll(async () => {
  const key = generateSigningKey(
    new Date(START.getTime() - 86_400_000),
    new Date(START.getTime() + 86_400_000),
  );
  const trail = (prefix: string) =>
    signedTrail({
      bucket: BUCKET,
      prefix,
      accounts: ['111122223333'],
      regions: ['us-east-1'],
      start: START,
      hours: 6,
      keys: [key],
    });
  objects = trail('clean');
  const tampered = trail('tampered');
  const log = tampered.find((o) => o.kind === 'log')!;
  const plain = gunzipSync(log.body);
  plain[10] = plain[10]! ^ 1;
  log.body = gzipSync(plain);
  modifiedKey = log.key;
  s3 = await startS3Server({ buckets: [BUCKET] });
  cloudtrail = await startCloudTrailServer({ publicKeys: [key] });
  await putTrailObjects(s3.client(), BUCKET, [...objects, ...tampered]);
  dir = await mkdtemp(join(tmpdir(), 'trailkit-cli-verify-'));
  await writeTrailTree(dir, objects);
  keysFile = join(dir, 'keys.json');
  await writeFile(keysFile, listPublicKeysOutput([key]));
});
afterAll(async () => {
  await s3?.stop();
  await cloudtrail?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('trailkit verify', () => {
  it('exits 0 on a valid trail and prints a summary like aws-cli, keys from ListPublicKeys', async () => {
    const { code, stdout, stderr } = await run(
      [
        'verify',
        `s3://${BUCKET}/clean`,
        ...range,
        '--endpoint',
        s3.endpoint,
        '--cloudtrail-endpoint',
        cloudtrail.endpoint,
      ],
      env,
    );
    expect(stderr).toBe('');
    expect(stdout).toContain('Results requested for 2026-11-01T00:00:00Z to 2026-11-01T06:00:00Z');
    expect(stdout).toContain('Results found for 2026-11-01T00:00:00Z to 2026-11-01T06:00:00Z:');
    expect(stdout).toContain('6/6 digest files valid');
    expect(stdout).toContain('6/6 log files valid');
    expect(stdout).toContain('Signatures checked for all 6 digest(s)');
    expect(code).toBe(0);
    expect(cloudtrail.requests.length).toBeGreaterThan(0);
  });

  it('exits 1 and names the modified log file, in json too', async () => {
    const table = await run(
      ['verify', `s3://${BUCKET}/tampered`, ...range, '--endpoint', s3.endpoint, '--public-keys', keysFile],
      env,
    );
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(`MODIFIED\ts3://${BUCKET}/${modifiedKey}\t`);
    expect(table.stdout).toContain('5/6 log files valid, 1/6 log files INVALID');
    const json = await run(
      [
        'verify',
        `s3://${BUCKET}/tampered`,
        ...range,
        '--endpoint',
        s3.endpoint,
        '--public-keys',
        keysFile,
        '-f',
        'json',
      ],
      env,
    );
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { problems: Array<{ kind: string; key: string }>; ok: boolean };
    expect(out.ok).toBe(false);
    expect(out.problems.map((p) => [p.kind, p.key])).toEqual([['modified', modifiedKey]]);

    // what verify prints is what `trailkit report --integrity` reads
    const results = join(dir, 'verify.json');
    await writeFile(results, json.stdout);
    const report = await run(['report', SAMPLES, '--format', 'json', '--integrity', results]);
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).integrity).toEqual({
      digests: (out as unknown as { digests: { total: number } }).digests.total,
      validFiles: 5,
      invalidFiles: 1,
      gaps: 0,
      problems: [
        expect.stringMatching(new RegExp(`^modified ${modifiedKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
      ],
    });
  });

  it('verifies a local tree and says that signatures were not checked', async () => {
    const { code, stdout } = await run(['verify', join(dir, 'clean'), ...range, '--public-keys', keysFile]);
    expect(code).toBe(0);
    expect(stdout).toContain('6/6 log files valid');
    expect(stdout).toContain('NOT checked for 6');
  });

  it('exits 2 on usage and input errors', async () => {
    expect((await run(['verify', join(dir, 'clean')])).code).toBe(2);
    expect((await run(['verify', join(dir, 'nope'), ...range])).code).toBe(2);
    expect((await run(['verify', join(dir, 'clean'), ...range, '-f', 'ndjson'])).code).toBe(2);
    const badKeys = await run([
      'verify',
      join(dir, 'clean'),
      ...range,
      '--public-keys',
      join(dir, 'missing.json'),
    ]);
    expect(badKeys.code).toBe(2);
    expect(badKeys.stderr).toContain('cannot read');
  });
});
