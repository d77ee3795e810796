import { createPublicKey, createVerify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ListPublicKeysCommand, paginateListPublicKeys } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudTrailServer,
  generateSigningKey,
  listPublicKeysOutput,
  putTrailObjects,
  type S3Server,
  type SigningKey,
  signedTrail,
  startCloudTrailServer,
  startS3Server,
} from '../src/index';

const DAY = 86_400_000;
const start = new Date('2026-11-01T00:00:00Z');
let keys: SigningKey[];
let cloudtrail: CloudTrailServer;
let s3: S3Server;

beforeAll(async () => {
  keys = [
    generateSigningKey(new Date(start.getTime() - DAY), new Date(start.getTime() + 3_600_000 * 2)),
    generateSigningKey(new Date(start.getTime() + 3_600_000 * 2), new Date(start.getTime() + 30 * DAY)),
  ];
  cloudtrail = await startCloudTrailServer({ publicKeys: keys });
  s3 = await startS3Server({ buckets: ['trail-bucket'] });
});
afterAll(async () => {
  await cloudtrail.stop();
  await s3.stop();
});

describe('startCloudTrailServer', () => {
  it('answers ListPublicKeys to the real SDK client, in pages, for the validity overlapping the range', async () => {
    const client = cloudtrail.client();
    const found: string[] = [];
    for await (const page of paginateListPublicKeys(
      { client },
      { StartTime: start, EndTime: new Date(start.getTime() + DAY) },
    )) {
      for (const k of page.PublicKeyList ?? []) {
        found.push(k.Fingerprint!);
        expect(k.Value).toBeInstanceOf(Uint8Array);
        expect(
          Buffer.from(k.Value!).equals(Buffer.from(keys.find((x) => x.fingerprint === k.Fingerprint)!.der)),
        ).toBe(true);
        expect(k.ValidityStartTime).toBeInstanceOf(Date);
      }
    }
    expect(found).toEqual(keys.map((k) => k.fingerprint));
    const later = await client.send(
      new ListPublicKeysCommand({
        StartTime: new Date(start.getTime() + 5 * DAY),
        EndTime: new Date(start.getTime() + 6 * DAY),
      }),
    );
    expect(later.PublicKeyList?.map((k) => k.Fingerprint)).toEqual([keys[1]!.fingerprint]);
    expect(cloudtrail.requests.every((r) => r.operation === 'ListPublicKeys')).toBe(true);
  });

  it('rejects a reversed range with InvalidTimeRangeException', async () => {
    await expect(
      cloudtrail
        .client()
        .send(new ListPublicKeysCommand({ StartTime: new Date(start.getTime() + DAY), EndTime: start })),
    ).rejects.toMatchObject({ name: 'InvalidTimeRangeException' });
  });
});

describe('signedTrail', () => {
  it('writes digests whose signature (kept by s3rver as x-amz-meta-signature) verifies with the key of their time', async () => {
    const objects = signedTrail({
      bucket: 'trail-bucket',
      accounts: ['111122223333'],
      regions: ['us-east-1'],
      start,
      hours: 3,
      keys,
    });
    expect(objects.filter((o) => o.kind === 'digest')).toHaveLength(3);
    await putTrailObjects(s3.client(), 'trail-bucket', objects);
    const client = s3.client();
    for (const o of objects.filter((x) => x.kind === 'digest')) {
      const head = await client.send(new HeadObjectCommand({ Bucket: 'trail-bucket', Key: o.key }));
      expect(head.Metadata?.['signature-algorithm']).toBe('SHA256withRSA');
      const got = await client.send(new GetObjectCommand({ Bucket: 'trail-bucket', Key: o.key }));
      const text = gunzipSync(Buffer.from(await got.Body!.transformToByteArray()));
      const digest = JSON.parse(text.toString()) as Record<string, string>;
      const key = keys.find((k) => k.fingerprint === digest.digestPublicKeyFingerprint)!;
      const hash = (await import('node:crypto')).createHash('sha256').update(text).digest('hex');
      const verifier = createVerify('RSA-SHA256');
      verifier.update(
        `${digest.digestEndTime}\ntrail-bucket/${o.key}\n${hash}\n${digest.previousDigestSignature ?? 'null'}`,
      );
      const pub = createPublicKey({ key: Buffer.from(key.der), format: 'der', type: 'pkcs1' });
      expect(verifier.verify(pub, head.Metadata!.signature!, 'hex')).toBe(true);
    }
    const [first, , third] = objects.filter((x) => x.kind === 'digest');
    expect(first!.metadata).not.toEqual(third!.metadata);
  });

  it('prints public keys as aws cloudtrail list-public-keys does', () => {
    const out = JSON.parse(listPublicKeysOutput(keys)) as { PublicKeyList: Array<Record<string, string>> };
    expect(out.PublicKeyList[0]!.Fingerprint).toBe(keys[0]!.fingerprint);
    expect(out.PublicKeyList[0]!.ValidityStartTime).toMatch(/^2026-10-31T00:00:00\+00:00$/);
  });
});
