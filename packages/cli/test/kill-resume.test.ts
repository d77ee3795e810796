/**
 * At-least-once through the CLI, the way users run it: `trailkit scan TREE --out OUT --checkpoint ck.json`,
 * killed with SIGKILL at random points, stopped with Ctrl-C (SIGINT), resumed each time, then run to the end.
 * Every output mode, from a local tree and from S3: nothing lost, no broken line or gzip member, duplicates
 * only from batches in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  killAndResume,
  quickened,
  type RunOutcome,
  readNdjsonOutput,
  S3_TEST_CREDENTIALS,
  type S3Server,
  startS3Server,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBin } from './helpers';
import { cliCommand, sampleCopies, writeTree } from './kill-harness';

/** Copies of the 52-file sample day: 6 copies are 312 files, 14,844 real events. */
const COPIES = 6;
/** Default run concurrency × the largest batch a source yields: what one stop may replay. */
const IN_FLIGHT = 4 * 1000;
const PLAN = quickened({ kills: 8, interrupts: 3, seed: 0, min: 200, max: 1200 });
/** Copies uploaded to the local S3 server for the s3:// run. */
const S3_COPIES = 4;

let root: string;
let tree: string;
let ids: string[];
let files: ReturnType<typeof sampleCopies>['files'];
let bin: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'trailkit-kill-'));
  bin = cliBin();
  tree = join(root, 'tree');
  ({ files, ids } = sampleCopies(COPIES));
  writeTree(tree, files);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The checks every mode shares; logs the measured counts. */
function expectNothingLost(
  name: string,
  runs: RunOutcome[],
  out: string,
  isDir: boolean,
  expected: string[],
) {
  // every stop landed while the run was still going; Ctrl-C exits 130 and says so
  for (const run of runs.slice(0, PLAN.kills))
    expect(run.signal, `code ${run.code}: ${run.stderr}`).toBe('SIGKILL');
  for (const run of runs.slice(PLAN.kills, PLAN.kills + PLAN.interrupts)) {
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('interrupted');
  }
  expect(runs.at(-1)?.code).toBe(0);
  const output = readNdjsonOutput(out, isDir);
  expect(output.leftovers).toEqual([]);
  expect(output.broken).toBe(0);
  const got = output.items.map((i) => String(i.eventID));
  const seen = new Set(got);
  const lost = expected.filter((id) => !seen.has(id));
  const duplicates = got.length - seen.size;
  console.info(
    `kill-resume ${name}: ${expected.length} events, lost ${lost.length}, duplicates ${duplicates}, stdout lines per run ${runs.map((r) => r.lines).join(' ')}`,
  );
  expect(lost).toEqual([]);
  expect(seen.size).toBe(expected.length);
  expect(duplicates).toBeLessThanOrEqual((PLAN.kills + PLAN.interrupts) * IN_FLIGHT);
}

const MODES = [
  { name: '--out dir/', out: 'out-dir', extra: [], isDir: true },
  { name: '--out dir/ --gzip', out: 'out-dir-gz', extra: ['--gzip'], isDir: true },
  { name: '--out events.ndjson', out: 'events.ndjson', extra: [], isDir: false },
  { name: '--out events.ndjson.gz', out: 'events.ndjson.gz', extra: [], isDir: false },
];

describe.concurrent('trailkit scan DIR: kill, Ctrl-C and resume lose nothing', () => {
  MODES.forEach((mode, index) => {
    it(`${mode.name}: SIGKILL ×8, SIGINT ×3, then to the end`, async () => {
      // each mode in a folder of its own: the modes run at the same time
      const out = join(root, `mode-${index}`, mode.out);
      const checkpoint = join(root, `checkpoint-${index}.json`);
      const args = ['scan', tree, '-f', 'ndjson', '--out', out, ...mode.extra, '--checkpoint', checkpoint];
      const runs = await killAndResume(cliCommand(bin, args), { ...PLAN, seed: 1000 + index });
      expectNothingLost(mode.name, runs, out, mode.isDir, ids);
    }, 180_000);
  });
});

describe('trailkit scan s3://: kill, Ctrl-C and resume lose nothing', () => {
  let s3: S3Server;
  beforeAll(async () => {
    s3 = await startS3Server({ buckets: ['trail'] });
    const client = s3.client();
    for (const file of files.slice(0, 52 * S3_COPIES)) {
      await client.send(new PutObjectCommand({ Bucket: 'trail', Key: file.key, Body: file.body }));
    }
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('--out dir/ --gzip from the local S3 server: SIGKILL ×8, SIGINT ×3, then to the end', async () => {
    const out = join(root, 's3-out');
    const args = ['scan', 's3://trail', '--endpoint', s3.endpoint, '-f', 'ndjson', '--out', out, '--gzip'];
    const env = {
      AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
    };
    const runs = await killAndResume(
      cliCommand(bin, [...args, '--checkpoint', join(root, 's3-ck.json')], env),
      {
        ...PLAN,
        min: 100,
        max: 1200,
        seed: 2000,
      },
    );
    expectNothingLost(
      's3:// --out dir/ --gzip',
      runs,
      out,
      true,
      ids.slice(0, (ids.length / COPIES) * S3_COPIES),
    );
  }, 180_000);
});
