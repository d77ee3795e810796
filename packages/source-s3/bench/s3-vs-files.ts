/**
 * S3 benchmark (`pnpm bench` in this package): in one run, against the local S3 server of
 * `@trailkit/testing` (s3rver on 127.0.0.1) loaded with a tree of small gzip log files built from real records
 * (`tree-corpus.ts`), it reads everything with a bare SDK loop (the baseline: what the server and the SDK cost
 * without trailkit), with `s3Source`, and with core's `filesSource` on the same objects on disk, at
 * concurrency 1, 4 and 16. Each measurement runs in its own process; candidates are interleaved (sdk, s3,
 * files, sdk, ...) so that they see the same load, best of `BENCH_RUNS`; peak RSS is the largest seen. The
 * server runs in this (parent) process: its CPU time during each child run is reported too. Prints a
 * Markdown table and the load average, and writes `bench/results.json`.
 *
 *   pnpm bench                                  # 600 files, best of 3
 *   BENCH_FILES=2000 BENCH_RUNS=2 pnpm bench    # the 2,000-file tree of the issue
 *   BENCH_ONLY=s3:1,sdk:1 BENCH_CPU_PROF=/tmp/prof pnpm bench   # some candidates, with `node --cpu-prof`
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { type S3Server, startS3Server } from '@trailkit/testing';
import { bundleChild } from './bundle';
import type { Candidate, Measured, Target } from './candidates';
import { buildTree } from './tree-corpus';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(HERE, '.corpus');
const BUCKET = 'bench';
const CONCURRENCY = [1, 4, 16];
const CANDIDATES: Candidate[] = ['sdk', 's3', 'files'];
/** `kind:concurrency` pairs to run (all when unset). */
const ONLY = process.env.BENCH_ONLY?.split(',');
const PROFILE_DIR = process.env.BENCH_CPU_PROF;

interface Run extends Measured {
  /** CPU time of the parent (the S3 server) while the child ran. */
  serverCpuMs: number;
  /** Requests the S3 server received during the run, by operation. */
  requests: Record<string, number>;
}

function runChild(
  child: string,
  server: S3Server,
  kind: Candidate,
  concurrency: number,
  target: Target,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    server.resetRequests();
    const cpu0 = process.cpuUsage();
    const proc = spawn(
      process.execPath,
      [
        ...(PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]),
        child,
        kind,
        String(concurrency),
        JSON.stringify(target),
      ],
      { cwd: join(HERE, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const cpu = process.cpuUsage(cpu0);
      if (code !== 0) return reject(new Error(`${kind}:${concurrency} exited with ${code}`));
      const measured = JSON.parse(out.trim().split('\n').at(-1)!) as Measured;
      const requests: Record<string, number> = {};
      for (const r of server.requests) requests[r.operation] = (requests[r.operation] ?? 0) + 1;
      resolve({ ...measured, serverCpuMs: (cpu.user + cpu.system) / 1000, requests });
    });
  });
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

async function upload(
  target: Target,
  files: ReturnType<typeof buildTree>['files'],
  s3: PutClient,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: file.key, Body: file.gzip }));
      const path = join(target.dir, file.key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.gzip);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

interface PutClient {
  send(command: PutObjectCommand): Promise<unknown>;
}

async function parent(): Promise<void> {
  const count = Number(process.env.BENCH_FILES ?? 600);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const child = await bundleChild(join(CORPUS, 'build'));
  const tree = buildTree(count);
  const server = await startS3Server({ buckets: [BUCKET] });
  const target: Target = { endpoint: server.endpoint, bucket: BUCKET, dir: CORPUS };
  try {
    await rm(join(CORPUS, 'AWSLogs'), { recursive: true, force: true });
    await upload(target, tree.files, server.client());
    const loadAtStart = loadavg();
    console.log(
      `tree: ${tree.files.length} files, ${tree.events} events, ${(tree.bytes / 1e6).toFixed(1)} MB JSON, ` +
        `${(tree.gzipBytes / 1e6).toFixed(1)} MB gzip; node ${process.version}, ${cpus().length} CPUs; ` +
        `best of ${runs}, interleaved, each in its own process; load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`,
    );
    const best = new Map<string, Run>();
    for (let run = 0; run < runs; run++) {
      for (const concurrency of CONCURRENCY) {
        for (const kind of CANDIDATES) {
          if (ONLY !== undefined && !ONLY.includes(`${kind}:${concurrency}`)) continue;
          const m = await runChild(child, server, kind, concurrency, target);
          if (m.events !== tree.events) {
            throw new Error(`${kind}:${concurrency} read ${m.events} events, expected ${tree.events}`);
          }
          const id = `${kind}:${concurrency}`;
          const seen = best.get(id);
          best.set(
            id,
            seen === undefined
              ? m
              : m.ms < seen.ms
                ? { ...m, maxRssMb: Math.max(m.maxRssMb, seen.maxRssMb) }
                : { ...seen, maxRssMb: Math.max(m.maxRssMb, seen.maxRssMb) },
          );
          process.stderr.write(
            `${id}: ${(m.ms / 1000).toFixed(2)} s, CPU ${(m.cpuMs / 1000).toFixed(2)} s, server CPU ` +
              `${(m.serverCpuMs / 1000).toFixed(2)} s, requests ${JSON.stringify(m.requests)}\n`,
          );
        }
      }
    }
    const loadAtEnd = loadavg();
    if (ONLY !== undefined) return;
    const rows = CONCURRENCY.flatMap((concurrency) => {
      const sdk = best.get(`sdk:${concurrency}`)!;
      const files = best.get(`files:${concurrency}`)!;
      return CANDIDATES.map((kind) => {
        const m = best.get(`${kind}:${concurrency}`)!;
        return {
          candidate: kind === 'sdk' ? 'bare SDK loop' : kind === 's3' ? 's3Source' : 'filesSource',
          concurrency,
          seconds: round(m.ms / 1000, 3),
          cpuSeconds: round(m.cpuMs / 1000, 3),
          serverCpuSeconds: kind === 'files' ? 0 : round(m.serverCpuMs / 1000, 3),
          eventsPerSecond: Math.round(m.events / (m.ms / 1000)),
          peakRssMB: round(m.maxRssMb, 1),
          requests: Object.values(m.requests).reduce((a, b) => a + b, 0),
          throughputVsSdk: round(sdk.ms / m.ms, 2),
          throughputVsFiles: round(files.ms / m.ms, 2),
        };
      });
    });
    const head =
      '| candidate | concurrency | wall s | CPU s | server CPU s | requests | events/s | peak RSS MB | vs bare SDK | vs files |';
    console.log(
      [
        head,
        '|---|---|---|---|---|---|---|---|---|---|',
        ...rows.map(
          (r) =>
            `| ${r.candidate} | ${r.concurrency} | ${r.seconds} | ${r.cpuSeconds} | ${r.candidate === 'filesSource' ? '-' : r.serverCpuSeconds} | ${r.candidate === 'filesSource' ? '-' : r.requests} | ${r.eventsPerSecond.toLocaleString('en-US')} | ${r.peakRssMB} | ${r.throughputVsSdk}x | ${r.throughputVsFiles}x |`,
        ),
      ].join('\n'),
    );
    console.log(`load average at the end: ${loadAtEnd.map((l) => l.toFixed(2)).join(' ')}`);
    await writeFile(
      join(HERE, 'results.json'),
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          cpus: cpus().length,
          loadAverageAtStart: loadAtStart,
          loadAverage: loadAtEnd,
          tree: {
            files: tree.files.length,
            events: tree.events,
            bytes: tree.bytes,
            gzipBytes: tree.gzipBytes,
          },
          runsPerCandidate: runs,
          note: 'best of runs, candidates interleaved, each in its own process; ratios against the bare SDK loop and filesSource at the same concurrency; server CPU = the parent process (s3rver) during the run',
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

await parent();
