import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryCheckpoint } from '@trailkit/core';
import {
  type CloudTrailServer,
  listPublicKeysOutput,
  putTrailObjects,
  type S3Server,
  type SigningKey,
  startCloudTrailServer,
  startS3Server,
  type TrailObject,
  writeTrailTree,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cloudTrailPublicKeys,
  downloadTrail,
  localTrailStore,
  publicKeysFromFile,
  s3TrailStore,
  type TrailStore,
  type VerifyResult,
  type VerifyTrailOptions,
  verifySummary,
  verifyTrail,
} from '../src/index';
import {
  BUCKET,
  cleanTrail,
  type Expected,
  gapTrail,
  ORG,
  rotatingKeys,
  START,
  tamperedTrail,
  UNTIL,
} from './trail-fixture';

let s3: S3Server;
let cloudtrail: CloudTrailServer;
let keys: SigningKey[];
let clean: TrailObject[];
let tampered: { objects: TrailObject[]; expected: Expected[] };
let gap: { objects: TrailObject[]; expected: Expected[] };
let dir: string;
let keysFile: string;
let firstKeyFile: string;

beforeAll(async () => {
  keys = rotatingKeys();
  clean = cleanTrail('clean', keys);
  tampered = tamperedTrail(cleanTrail('tampered', keys), keys);
  gap = gapTrail('gap', keys);
  s3 = await startS3Server({ buckets: [BUCKET] });
  cloudtrail = await startCloudTrailServer({ publicKeys: keys });
  await putTrailObjects(s3.client(), BUCKET, [...clean, ...tampered.objects, ...gap.objects]);
  dir = await mkdtemp(join(tmpdir(), 'trailkit-verify-'));
  await writeTrailTree(join(dir, 'sidecars'), clean, { sidecars: true });
  await writeTrailTree(join(dir, 'plain'), clean);
  await writeTrailTree(join(dir, 'tampered'), tampered.objects, { sidecars: true });
  keysFile = join(dir, 'keys.json');
  await writeFile(keysFile, listPublicKeysOutput(keys));
  firstKeyFile = join(dir, 'first-key.json');
  await writeFile(firstKeyFile, listPublicKeysOutput(keys.slice(0, 1)));
}, 60_000);

afterAll(async () => {
  await s3?.stop();
  await cloudtrail?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const s3Store = (prefix: string) => s3TrailStore({ bucket: BUCKET, prefix, client: s3.client() });

async function verify(store: TrailStore, extra: Partial<VerifyTrailOptions> = {}) {
  const results: VerifyResult[] = [];
  const summary = verifySummary({ since: START, until: UNTIL });
  for await (const r of verifyTrail({
    store,
    publicKeys: publicKeysFromFile(keysFile),
    since: START,
    until: UNTIL,
    ...extra,
  })) {
    results.push(r);
    summary.add(r);
  }
  const problems = results
    .filter((r) => r.type === 'problem')
    .map((p) => ({ kind: p.kind, key: p.key }))
    .sort(byKindKey);
  return { results, problems, summary: summary.summary() };
}

function byKindKey(a: Expected, b: Expected): number {
  return a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key);
}

const withoutPrefix = (expected: Expected[], prefix: string) =>
  expected.map((e) => ({ kind: e.kind, key: e.key.slice(prefix.length) })).sort(byKindKey);

describe('verifyTrail on S3 (the local S3 server keeps x-amz-meta-signature)', () => {
  it('passes a clean organization trail (2 accounts × 2 regions × 3 days, a key rotation inside), keys from ListPublicKeys', async () => {
    const { results, problems, summary } = await verify(s3Store('clean'), {
      publicKeys: cloudTrailPublicKeys({ client: cloudtrail.client() }),
    });
    expect(problems).toEqual([]);
    expect(summary.digests).toEqual({ valid: 288, total: 288 });
    expect(summary.logFiles).toEqual({ valid: 288, total: 288 });
    expect(summary.signatures).toEqual({ checked: 288, unavailable: 0 });
    expect(summary.found).toEqual({ from: '2026-11-01T00:00:00Z', to: '2026-11-04T00:00:00Z' });
    expect(summary.ok).toBe(true);
    const digests = results.filter((r) => r.type === 'digest');
    expect(digests.every((d) => d.signature === 'valid')).toBe(true);
    expect(digests.filter((d) => d.link === 'start')).toHaveLength(4);
    expect(digests.filter((d) => d.link === 'linked')).toHaveLength(284);
    expect(digests[0]!.key.startsWith(`clean/AWSLogs/${ORG}/111111111111/CloudTrail-Digest/eu-west-1/`)).toBe(
      true,
    );
    // both keys were used: the rotation is inside the range
    expect(
      new Set(digests.map((d) => Date.parse(d.endTime) <= Date.parse('2026-11-02T12:00:00Z'))).size,
    ).toBe(2);
    expect(cloudtrail.requests.filter((r) => r.operation === 'ListPublicKeys').length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('names every tampering exactly', async () => {
    const { problems, summary } = await verify(s3Store('tampered'));
    expect(problems).toEqual([...tampered.expected].sort(byKindKey));
    expect(summary.ok).toBe(false);
    // the log of the deleted digest is named by none; the deleted and the modified log are not valid
    expect(summary.logFiles).toEqual({ valid: 285, total: 287 });
    expect(summary.problems['digest-missing']).toBe(1);
  });

  it('reports a key rotation whose new key is not among the public keys as key-unknown', async () => {
    const { problems, summary } = await verify(s3Store('clean'), {
      publicKeys: publicKeysFromFile(firstKeyFile),
      accounts: ['111111111111'],
      regions: ['us-east-1'],
    });
    // digests ending at or after the rotation (hour 36 of 72) are signed with the second key
    expect(problems.length).toBe(37);
    expect(new Set(problems.map((p) => p.kind))).toEqual(new Set(['key-unknown']));
    expect(summary.digests).toEqual({ valid: 35, total: 72 });
  });

  it('reports a gap (validation off) and the log files delivered meanwhile', async () => {
    const { problems, summary } = await verify(s3Store('gap'));
    expect(problems).toEqual([...gap.expected].sort(byKindKey));
    expect(summary.gaps).toEqual([
      { from: '2026-11-01T03:00:00Z', to: '2026-11-01T05:00:00Z', key: gap.expected[0]!.key },
    ]);
  });

  it('selects accounts, regions and organizations, and resumes from a checkpoint', async () => {
    const checkpoint = memoryCheckpoint();
    const first = await verify(s3Store('clean'), { regions: ['eu-west-1'], checkpoint });
    expect(first.summary.digests.total).toBe(144);
    const second = await verify(s3Store('clean'), { checkpoint });
    expect(second.summary.digests.total).toBe(144);
    expect(second.results.some((r) => r.type === 'digest' && r.region === 'eu-west-1')).toBe(false);
    const none = await verify(s3Store('clean'), { organizationIds: ['o-zzzzzzzzzz'] });
    expect(none.results).toEqual([]);
  });
});

describe('verifyTrail on a local tree', () => {
  it('checks signatures from sidecar files', async () => {
    const { problems, summary } = await verify(localTrailStore({ dir: join(dir, 'sidecars', 'clean') }));
    expect(problems).toEqual([]);
    expect(summary.signatures).toEqual({ checked: 288, unavailable: 0 });
    expect(summary.logFiles.valid).toBe(288);
  });

  it('without signatures checks hashes and the chain, and says signatures were not checked', async () => {
    const { results, summary } = await verify(localTrailStore({ dir: join(dir, 'plain', 'clean') }));
    expect(summary.ok).toBe(true);
    expect(summary.signatures).toEqual({ checked: 0, unavailable: 288 });
    expect(results.filter((r) => r.type === 'digest' && r.link === 'linked')).toHaveLength(284);
  });

  it('reads signatures from S3 by HeadObject when asked', async () => {
    const { summary } = await verify(
      localTrailStore({ dir: join(dir, 'plain', 'clean', 'AWSLogs'), signatures: s3Store('clean') }),
      { accounts: ['222222222222'], regions: ['us-east-1'] },
    );
    expect(summary.signatures).toEqual({ checked: 72, unavailable: 0 });
    expect(summary.ok).toBe(true);
  });

  it('names every tampering exactly', async () => {
    const { problems } = await verify(localTrailStore({ dir: join(dir, 'tampered', 'tampered') }));
    expect(problems).toEqual(withoutPrefix(tampered.expected, 'tampered/'));
  });

  it('verifies a tree written by downloadTrail with signatures (sidecars), and finds a tampering in it', async () => {
    const target = join(dir, 'downloaded');
    const counts = await downloadTrail({
      from: s3Store('clean'),
      dir: target,
      since: START,
      until: UNTIL,
      accounts: ['111111111111'],
      regions: ['eu-west-1'],
    });
    expect(counts).toEqual({ digests: 72, logFiles: 72 });
    const clean = await verify(localTrailStore({ dir: target }), { accounts: ['111111111111'] });
    expect(clean.summary.signatures).toEqual({ checked: 72, unavailable: 0 });
    expect(clean.summary.ok).toBe(true);
    const someLog = clean.results.find((r) => r.type === 'log')!;
    await writeFile(join(target, someLog.key), 'not the log');
    const after = await verify(localTrailStore({ dir: target }), { accounts: ['111111111111'] });
    expect(after.problems).toEqual([{ kind: 'modified', key: someLog.key }]);
  });
});
