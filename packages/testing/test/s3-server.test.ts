import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putCloudTrailTree } from '../src/cloudtrail/put-cloudtrail-tree';
import { type S3Server, startS3Server } from '../src/s3/s3-server';

let server: S3Server;
let s3: S3Client;

beforeAll(async () => {
  server = await startS3Server({ buckets: ['layout'] });
  s3 = server.client();
});
afterAll(async () => {
  await server.stop();
});

async function commonPrefixes(bucket: string, prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/' }));
  return (out.CommonPrefixes ?? []).map((p) => p.Prefix!);
}

describe('startS3Server (s3rver 3.7.1, patched)', () => {
  it('lists common prefixes whose objects sit two or more levels deeper (the patched bug)', async () => {
    for (const key of [
      'AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/01/a.json.gz',
      'AWSLogs/111111111111/CloudTrail/eu-west-1/2026/11/01/b.json.gz',
      'AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/11/01/c.json.gz',
      'AWSLogs/222222222222/CloudTrail/us-east-1/2026/11/02/d.json.gz',
      'AWSLogs/top.txt',
    ]) {
      await s3.send(new PutObjectCommand({ Bucket: 'layout', Key: key, Body: 'x' }));
    }
    // Unpatched 3.7.1 answers [] for the first two (objects are 5+ levels below the common prefix).
    expect(await commonPrefixes('layout', 'AWSLogs/')).toEqual([
      'AWSLogs/111111111111/',
      'AWSLogs/222222222222/',
    ]);
    expect(await commonPrefixes('layout', 'AWSLogs/111111111111/')).toEqual([
      'AWSLogs/111111111111/CloudTrail-Digest/',
      'AWSLogs/111111111111/CloudTrail/',
    ]);
    expect(await commonPrefixes('layout', 'AWSLogs/111111111111/CloudTrail/')).toEqual([
      'AWSLogs/111111111111/CloudTrail/eu-west-1/',
      'AWSLogs/111111111111/CloudTrail/us-east-1/',
    ]);
    // a prefix that ends mid-segment
    expect(await commonPrefixes('layout', 'AWSLogs/2')).toEqual(['AWSLogs/222222222222/']);
    // and objects directly under the prefix are still listed as Contents
    const top = await s3.send(
      new ListObjectsV2Command({ Bucket: 'layout', Prefix: 'AWSLogs/', Delimiter: '/' }),
    );
    expect(top.Contents?.map((c) => c.Key)).toEqual(['AWSLogs/top.txt']);
  });

  it('counts requests by operation', async () => {
    server.resetRequests();
    await commonPrefixes('layout', 'AWSLogs/');
    await commonPrefixes('layout', 'AWSLogs/111111111111/');
    await s3.send(new GetObjectCommand({ Bucket: 'layout', Key: 'AWSLogs/top.txt' }));
    expect(server.count('ListObjectsV2')).toBe(2);
    expect(server.count('GetObject')).toBe(1);
    expect(server.count('ListObjectsV2', (r) => r.query.prefix === 'AWSLogs/')).toBe(1);
  });

  it('injects faults: the next GetObject answers 503 SlowDown, then the object is served', async () => {
    server.injectFault({ operation: 'GetObject', times: 1, status: 503, code: 'SlowDown' });
    const noRetry = server.client({ maxAttempts: 1 });
    const error = await noRetry
      .send(new GetObjectCommand({ Bucket: 'layout', Key: 'AWSLogs/top.txt' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    const ok = await noRetry.send(new GetObjectCommand({ Bucket: 'layout', Key: 'AWSLogs/top.txt' }));
    expect(await ok.Body!.transformToString()).toBe('x');
    const failed = server.requests.filter((r) => r.operation === 'GetObject').map((r) => r.status);
    expect(failed.slice(-2)).toEqual([503, 200]);
  });

  it('aims faults at one key', async () => {
    server.injectFault({ operation: 'GetObject', key: /b\.json\.gz$/, status: 403, code: 'AccessDenied' });
    const noRetry = server.client({ maxAttempts: 1 });
    await noRetry.send(new GetObjectCommand({ Bucket: 'layout', Key: 'AWSLogs/top.txt' }));
    const error = await noRetry
      .send(
        new GetObjectCommand({
          Bucket: 'layout',
          Key: 'AWSLogs/111111111111/CloudTrail/eu-west-1/2026/11/01/b.json.gz',
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });
});

describe('startS3Server truncation faults', () => {
  it('cuts a GetObject body after N bytes, then serves the object whole again', async () => {
    const body = Buffer.alloc(64 * 1024, 7);
    await s3.send(new PutObjectCommand({ Bucket: 'layout', Key: 'big.bin', Body: body }));
    server.injectFault({ operation: 'GetObject', key: 'big.bin', truncateAfterBytes: 1000 });
    const cut = await s3.send(new GetObjectCommand({ Bucket: 'layout', Key: 'big.bin' }));
    expect(cut.ContentLength).toBe(body.length);
    const error = await cut.Body!.transformToByteArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const whole = await s3.send(new GetObjectCommand({ Bucket: 'layout', Key: 'big.bin' }));
    expect(Buffer.from(await whole.Body!.transformToByteArray()).equals(body)).toBe(true);
  });
});

describe('putCloudTrailTree', () => {
  it('uploads an organization tree with CloudTrail names, gzip bodies and records that fit their file', async () => {
    await server.createBucket('org-trail');
    const tree = await putCloudTrailTree(s3, 'org-trail', {
      prefix: 'logs',
      organizationId: 'o-abc123defg',
      accounts: ['111111111111', '222222222222'],
      regions: ['us-east-1', 'eu-west-1'],
      days: ['2026-11-01', '2026-11-02'],
      filesPerDay: 3,
      recordsPerFile: 4,
      insights: true,
      nonLogObjects: true,
    });
    expect(tree.logFiles).toHaveLength(2 * 2 * 2 * 3);
    expect(tree.totalRecords).toBe(24 * 4);
    expect(tree.digestKeys).toHaveLength(8);
    expect(tree.insightKeys).toHaveLength(8);
    expect(tree.nonLogKeys).toHaveLength(8);
    const file = tree.logFiles[0]!;
    expect(file.key).toMatch(
      /^logs\/AWSLogs\/o-abc123defg\/\d{12}\/CloudTrail\/[a-z0-9-]+\/2026\/11\/0[12]\/\d{12}_CloudTrail_[a-z0-9-]+_2026110[12]T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/,
    );
    const object = await s3.send(new GetObjectCommand({ Bucket: 'org-trail', Key: file.key }));
    const body = JSON.parse(gunzipSync(await object.Body!.transformToByteArray()).toString('utf8'));
    expect(body.Records.map((r: { eventID: string }) => r.eventID)).toEqual(
      file.events.map((e) => e.eventID),
    );
    for (const record of body.Records) {
      expect(record.recipientAccountId).toBe(file.account);
      expect(record.awsRegion).toBe(file.region);
      const lag = file.time.getTime() - Date.parse(record.eventTime);
      expect(lag).toBeGreaterThan(0);
      expect(lag).toBeLessThanOrEqual(5 * 60_000);
      expect(record.eventSource).toMatch(/\.amazonaws\.com$/); // from the real built-in records
    }
    expect(await commonPrefixes('org-trail', 'logs/AWSLogs/o-abc123defg/')).toEqual([
      'logs/AWSLogs/o-abc123defg/111111111111/',
      'logs/AWSLogs/o-abc123defg/222222222222/',
    ]);
  });
});
