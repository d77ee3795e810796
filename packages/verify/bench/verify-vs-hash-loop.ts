/**
 * Benchmark: `verifyTrail` validating ~10,000 log files (and their 24 digests, signatures and chain) from the
 * local S3 server, against the limit: a loop that only downloads, gunzips and hashes the same log objects,
 * both at concurrency 16, in the same run. `verify` also lists the log folder (the `not-covered` check);
 * `verify-no-coverage` (`coverage: false`) does not, which shows what the listing costs on s3rver (it reads
 * every listed object's metadata file). Each candidate runs in its own process (its peak RSS is its own),
 * alternately, RUNS times; the best time of each is kept. Prints a table and writes bench/results.json.
 *
 *   pnpm bench                      # 10,008 log files
 *   BENCH_FILES=2000 pnpm bench     # fewer
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  generateSigningKey,
  listPublicKeysOutput,
  putTrailObjects,
  S3_TEST_CREDENTIALS,
  signedTrail,
  startS3Server,
} from '@trailkit/testing';
import { publicKeysFromFile, s3TrailStore, verifyTrail } from '../src/index';

const HERE = dirname(fileURLToPath(import.meta.url));
const BUCKET = 'bench-trail';
const CONCURRENCY = 16;
const RUNS = 3;
const START = new Date('2026-11-01T00:00:00Z');
const UNTIL = new Date('2026-11-02T00:00:00Z');

interface Measured {
  logFiles: number;
  ms: number;
  maxRssMb: number;
}

function client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3_TEST_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/** Child mode: run one candidate and print what was measured as JSON. */
async function child(kind: string, endpoint: string, work: string): Promise<void> {
  process.removeAllListeners('warning');
  const s3 = client(endpoint);
  const started = performance.now();
  let logFiles = 0;
  if (kind === 'verify' || kind === 'verify-no-coverage') {
    for await (const r of verifyTrail({
      coverage: kind === 'verify',
      store: s3TrailStore({ bucket: BUCKET, client: s3 }),
      publicKeys: publicKeysFromFile(join(work, 'keys.json')),
      since: START,
      until: UNTIL,
      concurrency: CONCURRENCY,
    })) {
      if (r.type === 'log' && r.status === 'valid') logFiles += 1;
      if (r.type === 'problem') throw new Error(`unexpected problem: ${r.kind} ${r.key}`);
    }
  } else {
    const gunzipAsync = promisify(gunzip);
    const keys = JSON.parse(await readFile(join(work, 'log-keys.json'), 'utf8')) as string[];
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        const plain = await gunzipAsync(await got.Body!.transformToByteArray());
        createHash('sha256').update(plain).digest('hex');
        logFiles += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }
  const ms = performance.now() - started;
  s3.destroy();
  const measured: Measured = { logFiles, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}

function runChild(kind: string, endpoint: string, work: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        'child',
        kind,
        endpoint,
        work,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${kind} exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Measured);
    });
  });
}

async function main(): Promise<void> {
  const files = Number(process.env.BENCH_FILES ?? 10_008);
  const logsPerHour = Math.ceil(files / 24);
  const work = await mkdtemp(join(tmpdir(), 'trailkit-verify-bench-'));
  const server = await startS3Server({ buckets: [BUCKET] });
  try {
    const key = generateSigningKey(
      new Date(START.getTime() - 86_400_000),
      new Date(UNTIL.getTime() + 86_400_000),
    );
    const objects = signedTrail({
      bucket: BUCKET,
      accounts: ['111122223333'],
      regions: ['us-east-1'],
      start: START,
      hours: 24,
      logsPerHour,
      recordsPerLog: 20,
      keys: [key],
    });
    const logs = objects.filter((o) => o.kind === 'log');
    const gzipBytes = logs.reduce((n, o) => n + o.body.length, 0);
    const setup = performance.now();
    await putTrailObjects(server.client(), BUCKET, objects, 32);
    console.error(`uploaded ${objects.length} objects in ${Math.round(performance.now() - setup)} ms`);
    await writeFile(join(work, 'keys.json'), listPublicKeysOutput([key]));
    await writeFile(join(work, 'log-keys.json'), JSON.stringify(logs.map((o) => o.key)));

    const best: Record<string, Measured> = {};
    for (let i = 0; i < RUNS; i++) {
      for (const kind of ['download+gunzip+hash', 'verify', 'verify-no-coverage']) {
        const m = await runChild(kind === 'download+gunzip+hash' ? 'loop' : kind, server.endpoint, work);
        if (m.logFiles !== logs.length) throw new Error(`${kind}: ${m.logFiles} of ${logs.length} log files`);
        if (!best[kind] || m.ms < best[kind].ms) best[kind] = m;
      }
    }
    const loop = best['download+gunzip+hash']!;
    const verify = best.verify!;
    const rows = Object.entries(best).map(([kind, m]) => ({
      candidate: kind,
      logFiles: m.logFiles,
      ms: Math.round(m.ms),
      filesPerSecond: Math.round((m.logFiles / m.ms) * 1000),
      peakRssMb: Math.round(m.maxRssMb),
      ratio: Number((loop.ms / m.ms).toFixed(2)),
    }));
    console.table(rows);
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      concurrency: CONCURRENCY,
      logFiles: logs.length,
      digests: objects.length - logs.length,
      gzipMb: Number((gzipBytes / 1e6).toFixed(1)),
      rows,
      verifyVsLimit: Number((loop.ms / verify.ms).toFixed(2)),
      verifyWithoutCoverageVsLimit: Number((loop.ms / best['verify-no-coverage']!.ms).toFixed(2)),
      target: 0.7,
    };
    await writeFile(join(HERE, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`verify runs at ${result.verifyVsLimit}x of the download+gunzip+hash loop (target >= 0.7)`);
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await main();
