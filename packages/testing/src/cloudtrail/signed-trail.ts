import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ServedPublicKey } from '../cloudtrail-api/public-keys';
import { BUILTIN_RECORDS } from './builtin-records';
import { cloudTrailDayPrefix, logFileName, type TrailLocation } from './cloudtrail-key';

/** An RSA key pair CloudTrail would sign digests with, and the window in which it signs. */
export interface SigningKey extends ServedPublicKey {
  privateKey: KeyObject;
}

/**
 * A new 2048-bit RSA signing key valid from `validFrom` to `validUntil`; its fingerprint is the hex MD5 of
 * its PKCS#1 DER public key.
 */
export function generateSigningKey(validFrom: Date, validUntil: Date): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'pkcs1', format: 'der' });
  return {
    privateKey,
    der: new Uint8Array(der),
    fingerprint: createHash('md5').update(der).digest('hex'),
    validFrom,
    validUntil,
  };
}

/** The text `aws cloudtrail list-public-keys` prints for these keys (for `--public-keys FILE`). */
export function listPublicKeysOutput(keys: readonly ServedPublicKey[]): string {
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return `${JSON.stringify(
    {
      PublicKeyList: keys.map((k) => ({
        Value: Buffer.from(k.der).toString('base64'),
        ValidityStartTime: iso(k.validFrom),
        ValidityEndTime: iso(k.validUntil),
        Fingerprint: k.fingerprint,
      })),
    },
    null,
    4,
  )}\n`;
}

/** Options of {@link signedTrail}. */
export interface SignedTrailOptions extends TrailLocation {
  /** The bucket the trail delivers to (digests name it). */
  bucket: string;
  accounts: readonly string[];
  regions: readonly string[];
  /** The first hour (UTC, on the hour) of the trail. */
  start: Date;
  /** How many hours it delivers; one digest per account, region and hour (default 72: three days). */
  hours?: number;
  /** Log files per account, region and hour (default 1). */
  logsPerHour?: number;
  /** Records per log file (default 2). */
  recordsPerLog?: number;
  /** Trail name in digest file names (default `trail`). */
  trailName?: string;
  /** The trail's home region (default the first region). */
  homeRegion?: string;
  /** Signing keys; each digest is signed with the key whose validity holds its end time. */
  keys: readonly SigningKey[];
  /**
   * Hours (0-based) in which log file validation was off: their logs are delivered but no digest is, and the
   * first digest after has a null previous digest (a gap).
   */
  gapHours?: readonly number[];
}

/** One object of a trail: a log file or a digest (with its S3 metadata). */
export interface TrailObject {
  kind: 'log' | 'digest';
  key: string;
  /** The gzip bytes stored. */
  body: Buffer;
  /** S3 user metadata (`signature`, `signature-algorithm`) of a digest. */
  metadata?: Record<string, string>;
  account: string;
  region: string;
  /** A digest's end time, a log file's delivery time. */
  time: Date;
}

/**
 * Build the objects a CloudTrail trail with log file integrity validation writes, as CloudTrail does: log
 * files, and per account and region one digest per hour listing the SHA-256 of each uncompressed log file
 * delivered in the hour, chained to the previous digest, signed with SHA256withRSA over
 * `digestEndTime\nbucket/key\nsha256(digest)\npreviousSignature` (the signature goes to S3 metadata).
 * Write them with {@link putTrailObjects} or {@link writeTrailTree}.
 */
export function signedTrail(options: SignedTrailOptions): TrailObject[] {
  const hours = options.hours ?? 72;
  const logsPerHour = options.logsPerHour ?? 1;
  const recordsPerLog = options.recordsPerLog ?? 2;
  const trail = options.trailName ?? 'trail';
  const home = options.homeRegion ?? options.regions[0] ?? 'us-east-1';
  const gaps = new Set(options.gapHours ?? []);
  const objects: TrailObject[] = [];
  let serial = 0;
  for (const account of options.accounts) {
    for (const region of options.regions) {
      let previous: { key: string; hash: string; signature: string } | undefined;
      for (let hour = 0; hour < hours; hour++) {
        const hourStart = new Date(options.start.getTime() + hour * 3_600_000);
        const hourEnd = new Date(hourStart.getTime() + 3_600_000);
        const logs: Array<{ key: string; hash: string; oldest: string; newest: string }> = [];
        for (let i = 0; i < logsPerHour; i++) {
          const time = new Date(hourStart.getTime() + ((i + 0.5) * 3_600_000) / logsPerHour);
          const records = Array.from({ length: recordsPerLog }, (_, r) => ({
            ...BUILTIN_RECORDS[(serial + r) % BUILTIN_RECORDS.length],
            eventID: `00000000-0000-4000-8000-${String(serial * 100 + r).padStart(12, '0')}`,
            eventTime: seconds(new Date(time.getTime() - (r + 1) * 1000)),
            awsRegion: region,
            recipientAccountId: account,
          }));
          serial += 1;
          const text = JSON.stringify({ Records: records });
          const key = `${cloudTrailDayPrefix(options, account, region, time)}${logFileName(account, region, time, `S${String(serial).padStart(15, '0')}`)}`;
          objects.push({ kind: 'log', key, body: gzipSync(text), account, region, time });
          logs.push({
            key,
            hash: sha256(text),
            oldest: records.at(-1)!.eventTime,
            newest: records[0]!.eventTime,
          });
        }
        if (gaps.has(hour)) {
          previous = undefined;
          continue;
        }
        const key = `${cloudTrailDayPrefix(options, account, region, hourEnd, 'CloudTrail-Digest')}${account}_CloudTrail-Digest_${region}_${trail}_${home}_${compact(hourEnd)}.json.gz`;
        const signingKey = options.keys.find(
          (k) => k.validFrom.getTime() <= hourEnd.getTime() && hourEnd.getTime() < k.validUntil.getTime(),
        );
        if (!signingKey) throw new Error(`signedTrail: no signing key valid at ${hourEnd.toISOString()}`);
        const digest = {
          awsAccountId: account,
          digestStartTime: seconds(hourStart),
          digestEndTime: seconds(hourEnd),
          digestS3Bucket: options.bucket,
          digestS3Object: key,
          digestPublicKeyFingerprint: signingKey.fingerprint,
          digestSignatureAlgorithm: 'SHA256withRSA',
          newestEventTime: logs.at(-1)?.newest ?? null,
          oldestEventTime: logs[0]?.oldest ?? null,
          previousDigestS3Bucket: previous ? options.bucket : null,
          previousDigestS3Object: previous?.key ?? null,
          previousDigestHashValue: previous?.hash ?? null,
          previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
          previousDigestSignature: previous?.signature ?? null,
          logFiles: logs.map((l) => ({
            s3Bucket: options.bucket,
            s3Object: l.key,
            hashValue: l.hash,
            hashAlgorithm: 'SHA-256',
            newestEventTime: l.newest,
            oldestEventTime: l.oldest,
          })),
        };
        const text = JSON.stringify(digest);
        const hash = sha256(text);
        const signature = signDigest(
          signingKey,
          digest.digestEndTime,
          options.bucket,
          key,
          hash,
          previous?.signature,
        );
        objects.push({
          kind: 'digest',
          key,
          body: gzipSync(text),
          metadata: { signature, 'signature-algorithm': 'SHA256withRSA' },
          account,
          region,
          time: hourEnd,
        });
        previous = { key, hash, signature };
      }
    }
  }
  return objects;
}

/**
 * Sign a digest as CloudTrail does: SHA256withRSA (PKCS#1 v1.5) over
 * `endTime\nbucket/key\ndigestHash\npreviousSignature` (`null` when there is none); hex.
 */
export function signDigest(
  key: SigningKey,
  endTime: string,
  bucket: string,
  digestKey: string,
  digestHash: string,
  previousSignature: string | null | undefined,
): string {
  const signer = createSign('RSA-SHA256');
  signer.update(`${endTime}\n${bucket}/${digestKey}\n${digestHash}\n${previousSignature ?? 'null'}`);
  return signer.sign(key.privateKey, 'hex');
}

/** Upload trail objects (digests with their metadata) to a bucket, `concurrency` at a time (default 16). */
export async function putTrailObjects(
  client: S3Client,
  bucket: string,
  objects: readonly TrailObject[],
  concurrency = 16,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const o = objects[next++]!;
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body, Metadata: o.metadata }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Write trail objects under `dir` as a download would (`dir/<key>`). With `sidecars`, each digest's
 * signature is written beside it as `<digest>.metadata.json` (`{"signature", "signature-algorithm"}`), the
 * file trailkit writes when it downloads a trail.
 */
export async function writeTrailTree(
  dir: string,
  objects: readonly TrailObject[],
  options: { sidecars?: boolean } = {},
): Promise<void> {
  for (const o of objects) {
    const path = join(dir, o.key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, o.body);
    if (options.sidecars && o.metadata) await writeFile(`${path}.metadata.json`, JSON.stringify(o.metadata));
  }
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function seconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function compact(time: Date): string {
  return seconds(time).replace(/[-:]/g, '');
}
