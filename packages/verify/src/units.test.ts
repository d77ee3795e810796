import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { ConfigError, parseDigest } from '@trailkit/core';
import { generateSigningKey, listPublicKeysOutput, signDigest } from '@trailkit/testing';
import { describe, expect, it } from 'vitest';
import { dayFolders, logKeyTime, parseDigestKey } from './digest-key';
import { VerifyError } from './errors';
import { hashObject } from './hash-object';
import { parsePublicKeyList } from './public-keys';
import { rsaPublicKey, stringToSign, verifySignature } from './signature';
import { verifyTrail } from './verify-trail';

const FIXTURE = join(import.meta.dirname, '..', 'test', 'fixtures', 'digest.json');

describe('the digest fixture', () => {
  it('parses, and its string to sign is built from its fields and its hash', async () => {
    const bytes = readFileSync(FIXTURE);
    const digest = (await parseDigest(gzipSync(bytes)))!;
    expect(digest.digestPublicKeyFingerprint).toBe('8d3bc7a1e5b3a9d2f6c0b4e8a1d5f9c3');
    expect(digest.logFiles).toHaveLength(2);
    const hash = createHash('sha256').update(bytes).digest('hex');
    expect(stringToSign(digest, hash)).toBe(
      `2023-07-10T12:40:12Z\nexample-trail-bucket/${digest.digestS3Object}\n${hash}\n${digest.previousDigestSignature}`,
    );
    expect(stringToSign({ ...digest, previousDigestSignature: null }, hash).endsWith('\nnull')).toBe(true);
    const info = parseDigestKey(digest.digestS3Object!)!;
    expect(info).toEqual({
      account: '111122223333',
      region: 'us-east-1',
      trail: 'example-trail',
      homeRegion: 'us-east-1',
      time: new Date('2023-07-10T12:40:12Z'),
    });
  });
});

describe('signatures', () => {
  it('verify with the signing key only, and not after one changed character', () => {
    const key = generateSigningKey(new Date(0), new Date(1e13));
    const other = generateSigningKey(new Date(0), new Date(1e13));
    const sig = signDigest(key, '2026-11-01T01:00:00Z', 'b', 'k', 'ab', null);
    const text = '2026-11-01T01:00:00Z\nb/k\nab\nnull';
    expect(verifySignature(rsaPublicKey(key.der)!, text, sig)).toBe(true);
    expect(verifySignature(rsaPublicKey(other.der)!, text, sig)).toBe(false);
    expect(verifySignature(rsaPublicKey(key.der)!, text.replace('ab', 'ac'), sig)).toBe(false);
    expect(verifySignature(rsaPublicKey(key.der)!, text, 'not hex')).toBe(false);
    expect(rsaPublicKey(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });
});

describe('key names', () => {
  it('reads digest and log keys, and lists day folders', () => {
    expect(parseDigestKey('x/AWSLogs/1/CloudTrail/us-east-1/2026/11/01/foo.json.gz')).toBeUndefined();
    expect(
      parseDigestKey('111122223333_CloudTrail-Digest_eu-west-1_my_trail_us-east-1_20261101T010000Z.json.gz'),
    ).toMatchObject({ region: 'eu-west-1', trail: 'my_trail', homeRegion: 'us-east-1' });
    expect(logKeyTime('a/111122223333_CloudTrail_us-east-1_20261101T0905Z_abc123.json.gz')).toEqual(
      new Date('2026-11-01T09:05:00Z'),
    );
    expect(dayFolders(new Date('2026-10-31T23:00:00Z'), new Date('2026-11-02T00:00:00Z'))).toEqual([
      '2026/10/31/',
      '2026/11/01/',
      '2026/11/02/',
    ]);
  });
});

describe('hashObject', () => {
  it('hashes the uncompressed bytes, small or streamed past 4 MiB, and plain input as it is', async () => {
    const big = randomBytes(6 * 1024 * 1024).toString('base64');
    const sha = createHash('sha256').update(big).digest('hex');
    const gz = gzipSync(big);
    const chunks = (b: Buffer) =>
      Readable.from(
        Array.from({ length: Math.ceil(b.length / 65536) }, (_, i) => b.subarray(i * 65536, (i + 1) * 65536)),
      );
    expect((await hashObject(chunks(gz))).hash).toBe(sha);
    expect((await hashObject(chunks(gz))).bytes).toBe(gz.length);
    expect((await hashObject(chunks(Buffer.from(big)))).hash).toBe(sha);
    expect((await hashObject(Readable.from([gzipSync('{"Records":[]}')]))).hash).toBe(
      createHash('sha256').update('{"Records":[]}').digest('hex'),
    );
    const corrupt = Buffer.from(gzipSync('{"Records":[]}'));
    corrupt[corrupt.length - 6]! ^= 0xff;
    await expect(hashObject(Readable.from([corrupt]))).rejects.toThrow();
  });
});

describe('public keys file', () => {
  it('reads aws cloudtrail list-public-keys output, and rejects other shapes with VERIFY_PUBLIC_KEYS_INVALID', () => {
    const key = generateSigningKey(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    const [parsed] = parsePublicKeyList(listPublicKeysOutput([key]));
    expect(parsed!.fingerprint).toBe(key.fingerprint);
    expect(Buffer.from(parsed!.der).equals(Buffer.from(key.der))).toBe(true);
    expect(parsed!.validFrom).toEqual(key.validFrom);
    for (const bad of ['nope', '{}', '{"PublicKeyList":[{"Value":1}]}']) {
      let error: unknown;
      try {
        parsePublicKeyList(bad);
      } catch (e) {
        error = e;
      }
      expect(VerifyError.isInstance(error) && error.code).toBe('VERIFY_PUBLIC_KEYS_INVALID');
    }
  });
});

describe('verifyTrail options', () => {
  it('rejects bad options with a ConfigError naming the option', async () => {
    const store = {} as never;
    const publicKeys = {} as never;
    await expect(
      verifyTrail({ store, publicKeys, since: '2026-11-01', concurrency: 0 }).next(),
    ).rejects.toThrow(/verifyTrail: concurrency must be >= 1/);
    await expect(verifyTrail({ store, publicKeys, since: 'soon' }).next()).rejects.toSatisfy(
      ConfigError.isInstance,
    );
    await expect(
      verifyTrail({ store, publicKeys, since: '2026-11-02', until: '2026-11-01' }).next(),
    ).rejects.toThrow(/after until/);
  });
});
