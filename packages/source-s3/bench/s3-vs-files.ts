/**
 * Benchmark: s3Source reading from the local S3 server vs core's filesSource reading the same files from
 * disk, in the same run, at concurrency 1, 4 and 16. Each candidate runs in its own process (so its peak RSS
 * is its own), twice; the best throughput is kept. Results: events/s, MB/s (gzip bytes), peak RSS, and the
 * ratio against the files baseline at the same concurrency. Writes bench/results.json and prints a table.
 *
 *   pnpm bench                      # default corpus (~32k events)
 *   BENCH_SCALE=4 pnpm bench        # 4x more files
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { filesSource, type ReadContext, type Source } from '@trailkit/core';
import { s3CompatibleConfig } from '@trailkit/core/plugin';
import { putCloudTrailTree, S3_TEST_CREDENTIALS, startS3Server } from '@trailkit/testing';
import { S3Client } from '@aws-sdk/client-s3';
import { s3Source } from '../src/index';
import { realRecords } from '../test/helpers';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(HERE, '.corpus');
const CONCURRENCY = [1, 4, 16];
const RUNS = 2;
const KINDS = ['files', 's3', 's3-list-lazily'];

interface Measured {
  events: number;
  bytes: number;
  ms: number;
  maxRssMb: number;
}

/** Child mode: read everything with one candidate and print what was measured. */
async function child(kind: string, concurrency: number, endpoint: string): Promise<void> {
  process.removeAllListeners('warning');
  process.on('warning', (warning) =>
    console.error(`[${kind}:${concurrency}] ${warning.name}: ${warning.message}`),
  );
  // `s3-list-lazily`: the listing pulled only as objects are read (listAhead 0), as before listing ahead
  const source: Source =
    kind === 's3' || kind === 's3-list-lazily'
      ? s3Source({
          bucket: 'bench',
          concurrency,
          client: new S3Client({ ...s3CompatibleConfig(endpoint), credentials: S3_TEST_CREDENTIALS }),
          ...(kind === 's3-list-lazily' ? { listAhead: 0 } : {}),
        })
      : filesSource({ paths: [join(CORPUS, 'AWSLogs')], concurrency });
  const ctx: ReadContext = {
    signal: new AbortController().signal,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    onInvalid(error) {
      throw error;
    },
  };
  const started = performance.now();
  let events = 0;
  let bytes = 0;
  for await (const batch of source.read(ctx)) {
    events += batch.events.length;
    bytes += batch.bytes ?? 0;
  }
  const ms = performance.now() - started;
  const measured: Measured = { events, bytes, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}

function runChild(kind: string, concurrency: number, endpoint: string): Promise<Measured> {
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
        String(concurrency),
        endpoint,
      ],
      { cwd: join(HERE, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${kind}:${concurrency} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Measured);
    });
  });
}

async function parent(): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  const server = await startS3Server({ buckets: ['bench'] });
  try {
    const client = server.client();
    const tree = await putCloudTrailTree(client, 'bench', {
      accounts: ['111111111111'],
      regions: ['us-east-1', 'eu-west-1'],
      days: ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'],
      filesPerDay: 16 * scale,
      recordsPerFile: 250,
      records: realRecords(2000),
      digests: false,
    });
    // the same objects, byte for byte, as local files
    await rm(CORPUS, { recursive: true, force: true });
    for (const file of tree.logFiles) {
      const object = await client.send(new GetObjectCommand({ Bucket: 'bench', Key: file.key }));
      const path = join(CORPUS, file.key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await object.Body!.transformToByteArray());
    }
    const gzipBytes = tree.logFiles.reduce((n, f) => n + f.bytes, 0);
    console.log(
      `corpus: ${tree.logFiles.length} files, ${tree.totalRecords} events, ${(gzipBytes / 1e6).toFixed(1)} MB gzip; ` +
        `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}; ` +
        `best of ${RUNS} runs per candidate, each in its own process`,
    );

    const rows: Array<Record<string, number | string>> = [];
    for (const concurrency of CONCURRENCY) {
      const best: Record<string, Measured> = {};
      for (const kind of KINDS) {
        for (let run = 0; run < RUNS; run++) {
          const measured = await runChild(kind, concurrency, server.endpoint);
          if (measured.events !== tree.totalRecords) {
            throw new Error(
              `${kind}:${concurrency} read ${measured.events} events, expected ${tree.totalRecords}`,
            );
          }
          const previous = best[kind];
          if (!previous || measured.ms < previous.ms)
            best[kind] = { ...measured, maxRssMb: Math.max(measured.maxRssMb, previous?.maxRssMb ?? 0) };
          else previous.maxRssMb = Math.max(previous.maxRssMb, measured.maxRssMb);
        }
      }
      const files = best.files!;
      for (const kind of KINDS) {
        const m = best[kind]!;
        rows.push({
          candidate: `${kind} (concurrency ${concurrency})`,
          concurrency,
          eventsPerSec: Math.round(m.events / (m.ms / 1000)),
          mbPerSec: Number((gzipBytes / 1e6 / (m.ms / 1000)).toFixed(2)),
          peakRssMb: Number(m.maxRssMb.toFixed(1)),
          throughputVsFiles: Number((files.ms / m.ms).toFixed(2)),
          rssVsFiles: Number((m.maxRssMb / files.maxRssMb).toFixed(2)),
        });
      }
    }
    console.table(rows);
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    await writeFile(
      join(HERE, 'results.json'),
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          cpus: cpus().length,
          corpus: { files: tree.logFiles.length, events: tree.totalRecords, gzipBytes },
          runsPerCandidate: RUNS,
          note: 'best of runs; each candidate in its own process; ratios against filesSource at the same concurrency',
          rows,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await server.stop();
    await rm(CORPUS, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') {
  await child(process.argv[3]!, Number(process.argv[4]), process.argv[5]!);
} else {
  await parent();
}
