/** A signed organization trail (2 accounts × 2 regions × 3 days) and the tamperings the tests apply. */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  generateSigningKey,
  type SigningKey,
  signDigest,
  signedTrail,
  type TrailObject,
} from '@trailkit/testing';

export const START = new Date('2026-11-01T00:00:00Z');
export const HOURS = 72;
export const UNTIL = new Date(START.getTime() + HOURS * 3_600_000);
export const ORG = 'o-a1b2c3d4e5';
export const ACCOUNTS = ['111111111111', '222222222222'] as const;
export const REGIONS = ['eu-west-1', 'us-east-1'] as const;
export const BUCKET = 'trail-bucket';

/** Two keys: the first signs the first 36 hours, the second the rest (a rotation inside the range). */
export function rotatingKeys(): SigningKey[] {
  const rotation = new Date(START.getTime() + 36 * 3_600_000);
  return [
    generateSigningKey(new Date(START.getTime() - 86_400_000), rotation),
    generateSigningKey(rotation, new Date(START.getTime() + 30 * 86_400_000)),
  ];
}

/** The clean trail under `prefix`. */
export function cleanTrail(prefix: string, keys: readonly SigningKey[]): TrailObject[] {
  return signedTrail({
    bucket: BUCKET,
    prefix,
    organizationId: ORG,
    accounts: ACCOUNTS,
    regions: REGIONS,
    start: START,
    hours: HOURS,
    keys,
  });
}

/** The objects of one account/region, in time order. */
export function objectsOf(
  objects: readonly TrailObject[],
  kind: 'log' | 'digest',
  account: string,
  region: string,
) {
  return objects
    .filter((o) => o.kind === kind && o.account === account && o.region === region)
    .sort((a, b) => a.time.getTime() - b.time.getTime());
}

function digestJson(o: TrailObject): Record<string, unknown> {
  return JSON.parse(gunzipSync(o.body).toString('utf8')) as Record<string, unknown>;
}

function replaceDigest(
  o: TrailObject,
  digest: Record<string, unknown>,
  key: SigningKey,
  previousSignature?: string | null,
) {
  const text = JSON.stringify(digest);
  const hash = createHash('sha256').update(text).digest('hex');
  o.body = gzipSync(text);
  o.metadata = {
    signature: signDigest(
      key,
      String(digest.digestEndTime),
      BUCKET,
      o.key,
      hash,
      previousSignature === undefined ? (digest.previousDigestSignature as string | null) : previousSignature,
    ),
    'signature-algorithm': 'SHA256withRSA',
  };
}

/** Expected problems: kind and key. */
export interface Expected {
  kind: string;
  key: string;
}

/**
 * Apply every tampering to a copy of a clean trail, each in its own account/region/time so that they do not
 * interfere; returns the objects and the problems a verification must report, exactly.
 */
export function tamperedTrail(clean: readonly TrailObject[], keys: readonly SigningKey[]) {
  const objects: TrailObject[] = clean.map((o) => ({
    ...o,
    ...(o.metadata ? { metadata: { ...o.metadata } } : {}),
  }));
  const [a, b] = ACCOUNTS;
  const expected: Expected[] = [];
  const rogue = generateSigningKey(START, UNTIL);
  const keyAt = (o: TrailObject) => keys.find((k) => k.validFrom <= o.time && o.time < k.validUntil)!;

  // 1. a log file changed by one byte
  const changed = objectsOf(objects, 'log', a, 'us-east-1')[10]!;
  const plain = gunzipSync(changed.body);
  plain[plain.length - 5] = plain[plain.length - 5]! ^ 1;
  changed.body = gzipSync(plain);
  expected.push({ kind: 'modified', key: changed.key });

  // 2. a log file deleted
  const deleted = objectsOf(objects, 'log', a, 'us-east-1')[30]!;
  objects.splice(objects.indexOf(deleted), 1);
  expected.push({ kind: 'deleted', key: deleted.key });

  // 3. a planted log file (well formed, in the range, named by no digest)
  const model = objectsOf(objects, 'log', a, 'eu-west-1')[20]!;
  const planted: TrailObject = {
    ...model,
    key: model.key.replace(/_S\d{15}\.json\.gz$/, '_PLANTED000000000.json.gz'),
  };
  objects.push(planted);
  expected.push({ kind: 'not-covered', key: planted.key });

  // 4. a digest deleted
  const gone = objectsOf(objects, 'digest', b, 'us-east-1')[40]!;
  objects.splice(objects.indexOf(gone), 1);
  expected.push({ kind: 'digest-missing', key: gone.key });
  // its logs are then named by no digest
  expected.push({ kind: 'not-covered', key: objectsOf(objects, 'log', b, 'us-east-1')[40]!.key });

  // 5. a digest re-signed with another key (content and fingerprint unchanged): its signature fails, and
  //    the next digest's previousDigestSignature no longer matches it
  const digestsB = objectsOf(objects, 'digest', b, 'eu-west-1');
  const resigned = digestsB[50]!;
  const d5 = digestJson(resigned);
  resigned.metadata = {
    signature: signDigest(
      rogue,
      String(d5.digestEndTime),
      BUCKET,
      resigned.key,
      createHash('sha256').update(gunzipSync(resigned.body)).digest('hex'),
      d5.previousDigestSignature as string,
    ),
    'signature-algorithm': 'SHA256withRSA',
  };
  expected.push({ kind: 'signature-invalid', key: resigned.key });
  expected.push({ kind: 'chain-broken', key: digestsB[51]!.key });

  // 6. a digest signed by a key that is not CloudTrail's (its own fingerprint): key unknown, and its content
  //    changed, so the next digest's link breaks too
  const foreign = digestsB[60]!;
  const d6 = digestJson(foreign);
  d6.digestPublicKeyFingerprint = rogue.fingerprint;
  replaceDigest(foreign, d6, rogue);
  expected.push({ kind: 'key-unknown', key: foreign.key });
  expected.push({ kind: 'chain-broken', key: digestsB[61]!.key });

  // 7. a digest whose previous-signature link is wrong (re-signed with the genuine key, so only the link
  //    fails); its content changed, so the next digest's link breaks too
  const digestsA = objectsOf(objects, 'digest', a, 'eu-west-1');
  const relinked = digestsA[45]!;
  const d7 = digestJson(relinked);
  d7.previousDigestSignature = 'ab'.repeat(256);
  replaceDigest(relinked, d7, keyAt(relinked));
  expected.push({ kind: 'chain-broken', key: relinked.key });
  expected.push({ kind: 'chain-broken', key: digestsA[46]!.key });

  return { objects, expected };
}

/** A small trail with validation off for two hours: a gap, and the logs of those hours not covered. */
export function gapTrail(prefix: string, keys: readonly SigningKey[]) {
  const objects = signedTrail({
    bucket: BUCKET,
    prefix,
    accounts: ['333333333333'],
    regions: ['us-east-1'],
    start: START,
    hours: 8,
    keys,
    gapHours: [3, 4],
  });
  const logs = objectsOf(objects, 'log', '333333333333', 'us-east-1');
  const digests = objectsOf(objects, 'digest', '333333333333', 'us-east-1');
  const expected: Expected[] = [
    { kind: 'gap', key: digests[3]!.key },
    { kind: 'not-covered', key: logs[3]!.key },
    { kind: 'not-covered', key: logs[4]!.key },
  ];
  return { objects, expected };
}
