import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3_TEST_CREDENTIALS, type S3Server, startS3Server } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, parseLines, run, runBinAsync, runOnTerminal, sampleRecords } from './helpers';

const BUCKET = 'trail-bucket';
let s3: S3Server;
let env: Record<string, string>;

beforeAll(async () => {
  s3 = await startS3Server({ buckets: [BUCKET] });
  const client = s3.client();
  // the real sample log files, under the key layout CloudTrail delivers to
  const prefix = 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/';
  for (const name of readdirSync(DAY).filter((f) => f.endsWith('.json.gz'))) {
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `trail/${prefix}${name}`,
        Body: readFileSync(join(DAY, name)),
      }),
    );
  }
  env = {
    AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
  };
});
afterAll(async () => {
  await s3?.stop();
});

describe('trailkit scan s3://', () => {
  it('reads a CloudTrail bucket through --endpoint', async () => {
    const { code, stdout, stderr } = await run(
      ['scan', `s3://${BUCKET}/trail`, '--endpoint', s3.endpoint, '-f', 'ndjson'],
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const ids = parseLines(stdout).map((l) => l.eventID);
    expect(ids.sort()).toEqual(
      sampleRecords()
        .map((e) => e.eventID)
        .sort(),
    );
    expect(s3.count('GetObject')).toBeGreaterThanOrEqual(52);
  });

  it('prunes by region without reading objects', async () => {
    s3.resetRequests();
    const { code, stdout } = await run(
      ['scan', `s3://${BUCKET}/trail`, '--endpoint', s3.endpoint, '-f', 'ndjson', '--region', 'eu-west-1'],
      env,
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(s3.count('GetObject')).toBe(0);
  });

  it('runs detection from the binary, with --fail-on and --summary', async () => {
    // async spawn: the S3 server runs in this process and must keep answering
    const { code, stdout, stderr } = await runBinAsync(
      [
        'scan',
        `s3://${BUCKET}/trail`,
        '--endpoint',
        s3.endpoint,
        '--rules',
        'cis,threats',
        '-f',
        'ndjson',
        '--summary',
        '--fail-on',
        'info',
      ],
      env,
    );
    const summary = JSON.parse(stderr) as {
      objects: number;
      events: { read: number };
      findings: { total: number };
    };
    expect(summary.objects).toBe(52);
    expect(summary.events.read).toBe(2474);
    expect(parseLines(stdout)).toHaveLength(summary.findings.total);
    expect(code).toBe(summary.findings.total > 0 ? 1 : 0);
  });

  it('on a terminal, the progress bar shows the S3 listing: total objects and bytes, percentage, ETA, bytes/s', async () => {
    const bytes = readdirSync(DAY)
      .filter((f) => f.endsWith('.json.gz'))
      .reduce((n, f) => n + readFileSync(join(DAY, f)).length, 0);
    const { code, stderr } = await runOnTerminal(
      ['scan', `s3://${BUCKET}/trail`, '--endpoint', s3.endpoint, '-f', 'ndjson'],
      env,
    );
    expect(code).toBe(0);
    const { byteSize } = await import('../src/progress');
    // the last line drawn: every object of the listing read, out of the listed total
    expect(stderr).toContain(`100% | 52/52 objects, ${byteSize(bytes)}/${byteSize(bytes)} | 2474 events (`);
    expect(stderr).toMatch(/\d+ events \(\d+\/s, [\d.]+ (B|KB|MB)\/s\) \| 0 findings \| ETA 0s/);
    // without a terminal: no bar
    const piped = await run(['scan', `s3://${BUCKET}/trail`, '--endpoint', s3.endpoint, '-f', 'ndjson'], env);
    expect(piped.stderr).toBe('');
  });

  it('a prefix with no log files: said, exit 2 unless --allow-empty', async () => {
    const none = await run(['scan', `s3://${BUCKET}/elsewhere`, '--endpoint', s3.endpoint], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`trailkit: no CloudTrail log files under s3://${BUCKET}/elsewhere`);
    const allowed = await run(
      ['scan', `s3://${BUCKET}/elsewhere`, '--endpoint', s3.endpoint, '--allow-empty'],
      env,
    );
    expect(allowed.code).toBe(0);
  });

  it('keys that are not log files are counted on stderr, named with --verbose', async () => {
    const day = 'other/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/';
    const log = readdirSync(DAY).find((f) => f.endsWith('.json.gz'))!;
    const client = s3.client();
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `${day}${log}`, Body: readFileSync(join(DAY, log)) }),
    );
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${day}notes.txt`, Body: 'hello' }));
    const counted = await run(
      ['scan', `s3://${BUCKET}/other`, '--endpoint', s3.endpoint, '-f', 'ndjson'],
      env,
    );
    expect(counted.code).toBe(0);
    expect(parseLines(counted.stdout).length).toBeGreaterThan(0);
    expect(counted.stderr).toBe(
      'trailkit: skipped 1 key: not a CloudTrail log file name (--verbose names them)\n',
    );
    const named = await run(
      ['scan', `s3://${BUCKET}/other`, '--endpoint', s3.endpoint, '-f', 'ndjson', '-v'],
      env,
    );
    expect(named.stderr).toContain(`  ${day}notes.txt\n`);
  });

  it('a missing bucket is an input error (exit 2)', async () => {
    const { code, stderr } = await run(['scan', 's3://no-such-bucket', '--endpoint', s3.endpoint], env);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^trailkit: .*no-such-bucket/);
  });
});
