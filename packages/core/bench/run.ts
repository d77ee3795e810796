/**
 * Parser benchmark: `pnpm --filter @trailkit/core bench` (env: BENCH_MB = corpus size in MB of uncompressed
 * JSON, default 100; BENCH_REPEAT = runs per fast candidate, best kept, default 3; BENCH_SLOW=0 skips the
 * streaming JSON libraries). Every measurement runs in its own child process (plain JavaScript bundled by
 * `bundle.ts`, no tsx); ratios are against the naive way (`JSON.parse(gunzipSync(file))`) measured in the
 * same run. Writes `bench/results.json`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { bundleChild } from './bundle';
import { CANDIDATES, type Candidate } from './candidates';
import { type Corpus, corpora } from './corpus';

interface Measure {
  events: number;
  ms: number;
  cpuMs: number;
  maxRssBytes: number;
}

interface Row {
  shape: string;
  candidate: string;
  events: number;
  seconds: number;
  cpuSeconds: number;
  mbPerSecond: number;
  eventsPerSecond: number;
  peakRssMB: number;
  /** Peak RSS above an idle child that loaded the same modules. */
  rssAboveIdleMB: number;
  throughputVsNaive: number;
  cpuVsNaive: number;
  rssVsNaive: number;
  rssAboveIdleVsNaive: number;
}

const HERE = import.meta.dirname;
const MB = Number(process.env.BENCH_MB ?? 100);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const SLOW = process.env.BENCH_SLOW !== '0';

/** The bundled child (plain JavaScript: no tsx in the measured processes). */
const CHILD = await bundleChild();

function measure(args: string[]): Measure {
  const out = execFileSync(process.execPath, [CHILD, ...args], {
    cwd: join(HERE, '..'),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measure;
}

/** Best times of two measurements; peak RSS is the larger. */
function merge(a: Measure, b: Measure): Measure {
  return {
    events: b.events,
    ms: Math.min(a.ms, b.ms),
    cpuMs: Math.min(a.cpuMs, b.cpuMs),
    maxRssBytes: Math.max(a.maxRssBytes, b.maxRssBytes),
  };
}

/** Best time of `times` runs; peak RSS is the largest seen. */
function best(args: string[], times: number): Measure {
  let result = measure(args);
  for (let k = 1; k < times; k++) result = merge(result, measure(args));
  return result;
}

function row(corpus: Corpus, candidate: string, m: Measure, naive: Measure, idle: Measure): Row {
  const seconds = m.ms / 1000;
  const above = (x: Measure) => Math.max(1, x.maxRssBytes - idle.maxRssBytes);
  return {
    shape: corpus.shape,
    candidate,
    events: m.events,
    seconds: round(seconds, 3),
    cpuSeconds: round(m.cpuMs / 1000, 3),
    mbPerSecond: round(corpus.bytes / 1024 / 1024 / seconds, 1),
    eventsPerSecond: Math.round(m.events / seconds),
    peakRssMB: round(m.maxRssBytes / 1024 / 1024, 1),
    rssAboveIdleMB: round(above(m) / 1024 / 1024, 1),
    throughputVsNaive: round(naive.ms / m.ms, 2),
    cpuVsNaive: round(m.cpuMs / naive.cpuMs, 2),
    rssVsNaive: round(m.maxRssBytes / naive.maxRssBytes, 3),
    rssAboveIdleVsNaive: round(above(m) / above(naive), 3),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function table(rows: Row[]): string {
  const head = [
    'shape',
    'candidate',
    'events',
    'wall s',
    'cpu s',
    'MB/s',
    'events/s',
    'peak RSS MB',
    'above idle MB',
    'speed vs naive',
    'CPU vs naive',
    'RSS vs naive',
    'above-idle RSS vs naive',
  ];
  const lines = rows.map((r) => [
    r.shape,
    r.candidate,
    String(r.events),
    r.seconds.toFixed(2),
    r.cpuSeconds.toFixed(2),
    r.mbPerSecond.toFixed(1),
    String(r.eventsPerSecond),
    r.peakRssMB.toFixed(1),
    r.rssAboveIdleMB.toFixed(1),
    `${r.throughputVsNaive.toFixed(2)}x`,
    r.cpuVsNaive.toFixed(2),
    r.rssVsNaive.toFixed(3),
    r.rssAboveIdleVsNaive.toFixed(3),
  ]);
  const all = [head, ...lines];
  const widths = head.map((_, k) => Math.max(...all.map((l) => l[k]!.length)));
  const fmt = (l: string[]) => `| ${l.map((c, k) => c.padEnd(widths[k]!)).join(' | ')} |`;
  return [fmt(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

const loadAtStart = loadavg();
const list = await corpora(MB);
const rows: Row[] = [];
const idle = best(['idle', 'records-minified', list[0]!.path], REPEAT);
for (const corpus of list) {
  // fast candidates interleaved (naive, trailkit, ..., naive, ...) so that all see the same load
  const fast: Candidate[] = ['naive', 'trailkit', 'trailkit-batch500', 'prototype', 'json-parse-floor'];
  const results = new Map<Candidate, Measure>();
  for (let k = 0; k < REPEAT; k++) {
    for (const candidate of fast) {
      const m = measure([candidate, corpus.shape, corpus.path]);
      const seen = results.get(candidate);
      results.set(candidate, seen === undefined ? m : merge(seen, m));
    }
  }
  if (SLOW) {
    for (const candidate of ['stream-json', 'streamparser-json'] as const) {
      results.set(candidate, measure([candidate, corpus.shape, corpus.path]));
    }
  }
  const naive = results.get('naive')!;
  for (const candidate of CANDIDATES) {
    const m = results.get(candidate);
    if (m === undefined) continue;
    if (m.events !== corpus.events) {
      throw new Error(`${candidate} read ${m.events} events from ${corpus.shape}, expected ${corpus.events}`);
    }
    rows.push(row(corpus, candidate, m, naive, idle));
    process.stderr.write(`${corpus.shape} ${candidate}: ${(m.ms / 1000).toFixed(2)} s\n`);
  }
}

// parallel: the minified corpus parsed by N worker threads at once (N copies of the work)
const minified = list.find((c) => c.shape === 'records-minified')!;
const single = rows.find((r) => r.shape === 'records-minified' && r.candidate === 'trailkit')!;
const workers = Math.max(2, Math.min(4, availableParallelism()));
const parallel = best(['workers', String(workers), minified.path], REPEAT);
const parallelMBps = round((workers * minified.bytes) / 1024 / 1024 / (parallel.ms / 1000), 1);

const text = [
  `corpora: ${MB} MB uncompressed each; ${availableParallelism()} CPU(s); node ${process.version}; ` +
    `idle child peak RSS ${round(idle.maxRssBytes / 1024 / 1024, 1)} MB; MB/s on wall time, best of ${REPEAT} (naive and trailkit interleaved); CPU = user+system of all threads; ` +
    `load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at start, ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at end`,
  table(rows),
  `worker_threads: ${workers} workers x records-minified: ${parallelMBps} MB/s total ` +
    `(${round(parallelMBps / single.mbPerSecond, 2)}x one thread), peak RSS ${round(parallel.maxRssBytes / 1024 / 1024, 1)} MB`,
].join('\n');
process.stdout.write(`${text}\n`);

writeFileSync(
  join(HERE, 'results.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      corpusMB: MB,
      repeat: REPEAT,
      idlePeakRssMB: round(idle.maxRssBytes / 1024 / 1024, 1),
      /** 1, 5 and 15 minute load averages when the run started and when it ended (2 = both cores busy). */
      loadAverageAtStart: loadAtStart,
      loadAverage: loadavg(),
      corpora: list.map(({ shape, bytes, compressedBytes, events }) => ({
        shape,
        bytes,
        compressedBytes,
        events,
      })),
      rows,
      parallel: {
        workers,
        shape: 'records-minified',
        mbPerSecond: parallelMBps,
        vsOneThread: round(parallelMBps / single.mbPerSecond, 2),
        peakRssMB: round(parallel.maxRssBytes / 1024 / 1024, 1),
      },
    },
    null,
    2,
  )}\n`,
);
