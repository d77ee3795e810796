/**
 * Tree benchmark (`pnpm bench`, after the parser benchmark): thousands of small CloudTrail files, the shape
 * of real S3 delivery (see `tree-corpus.ts`). Env: TREE_FILES (default 2100), TREE_REPEAT (runs per
 * candidate, interleaved, best time kept, default 3), TREE_ONLY (comma-separated parts of candidate names: run
 * only those, and the naive loop). Every candidate runs in its own process (bundled, see
 * `bundle.ts`); ratios are against the naive loop measured in the same run. Writes `bench/tree-results.json`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { bundleTree } from './bundle';
import { tree } from './tree-corpus';

interface Measure {
  events: number;
  ms: number;
  cpuMs: number;
  maxRssBytes: number;
}

interface Candidate {
  name: string;
  /** A `tree-child` candidate and its extra arguments, or (`scan`) the CLI's extra arguments. */
  child?: string[];
  scan?: string[];
}

const HERE = import.meta.dirname;
const FILES = Number(process.env.TREE_FILES ?? 2100);
const REPEAT = Number(process.env.TREE_REPEAT ?? 3);

const CANDIDATES: Candidate[] = [
  { name: 'naive loop', child: ['naive'] },
  { name: 'parse(readFileSync(f))', child: ['parse-whole'] },
  { name: 'parse(createReadStream(f))', child: ['parse-stream'] },
  { name: 'pipeline(filesSource) → counting sink', child: ['pipeline'] },
  { name: 'pipeline → counting sink, workers 1', child: ['pipeline', '1'] },
  { name: 'pipeline → counting sink, workers 2', child: ['pipeline', '2'] },
  { name: 'pipeline .detect(cis, threats) → counting sink, workers 1', child: ['pipeline-rules', '1'] },
  { name: 'pipeline .detect(cis, threats) → counting sink, workers 2', child: ['pipeline-rules', '2'] },
  { name: 'trailkit scan --format ndjson', scan: [] },
  { name: 'trailkit scan --rules cis,threats --format ndjson', scan: ['--rules', 'cis,threats'] },
  {
    name: 'trailkit scan --rules cis,threats --format ndjson --workers 1',
    scan: ['--rules', 'cis,threats', '--workers', '1'],
  },
  {
    name: 'trailkit scan --rules cis,threats --format ndjson --workers 2',
    scan: ['--rules', 'cis,threats', '--workers', '2'],
  },
  {
    name: 'trailkit scan --rules cis --format ndjson --workers 1',
    scan: ['--rules', 'cis', '--workers', '1'],
  },
  {
    name: 'trailkit scan --rules cis --format ndjson --workers 2',
    scan: ['--rules', 'cis', '--workers', '2'],
  },
  { name: 'parse(readFileSync), files split over 1 worker', child: ['parse-workers', '1'] },
  { name: 'parse(readFileSync), files split over 2 workers', child: ['parse-workers', '2'] },
  {
    name: "pool: node:worker_threads (the pipeline's WorkerPool), 2 workers",
    child: ['pool-worker-threads', '2'],
  },
  { name: 'pool: piscina, 2 workers', child: ['pool-piscina', '2'] },
  { name: 'pool: tinypool, 2 workers', child: ['pool-tinypool', '2'] },
];
/** Candidates to run (`TREE_ONLY`: a comma-separated list of substrings of their names; default all). */
const ONLY = process.env.TREE_ONLY?.split(',').filter((x) => x !== '');
const SELECTED = CANDIDATES.filter(
  (c) => c.name === 'naive loop' || !ONLY || ONLY.some((o) => c.name.includes(o)),
);

const built = await bundleTree();
const t = tree(FILES);

/** One run in its own process; the CLI prints its measure on stderr (its stdout, the scan's output, is discarded). */
function measure(c: Candidate): Measure {
  const [entry, args] = c.child
    ? [built.child, [c.child[0]!, t.dir, ...c.child.slice(1)]]
    : [built.scan, [t.dir, ...(c.scan ?? [])]];
  const r = spawnSync(process.execPath, [entry, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', c.child ? 'pipe' : 'ignore', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`${c.name} failed (${r.status}): ${r.stderr}`);
  const out = c.child ? r.stdout : r.stderr;
  const m = JSON.parse(out.trim().split('\n').at(-1)!) as Measure;
  if (m.events !== t.events) throw new Error(`${c.name}: ${m.events} events, the tree holds ${t.events}`);
  return m;
}

const load0 = loadavg();
const best = new Map<string, Measure>();
for (let k = 0; k < REPEAT; k++) {
  for (const c of SELECTED) {
    const m = measure(c);
    const prev = best.get(c.name);
    best.set(
      c.name,
      prev
        ? {
            events: m.events,
            ms: Math.min(prev.ms, m.ms),
            cpuMs: Math.min(prev.cpuMs, m.cpuMs),
            maxRssBytes: Math.max(prev.maxRssBytes, m.maxRssBytes),
          }
        : m,
    );
    process.stderr.write(`${c.name}: ${(m.ms / 1000).toFixed(2)} s\n`);
  }
}
const load = loadavg();
const naive = best.get('naive loop')!;
const oneWorker = best.get('parse(readFileSync), files split over 1 worker');
const rows = SELECTED.map((c) => {
  const m = best.get(c.name)!;
  return {
    candidate: c.name,
    seconds: +(m.ms / 1000).toFixed(2),
    cpuSeconds: +(m.cpuMs / 1000).toFixed(2),
    eventsPerSecond: Math.round(m.events / (m.ms / 1000)),
    peakRssMB: +(m.maxRssBytes / 1024 / 1024).toFixed(1),
    throughputVsNaive: +(naive.ms / m.ms).toFixed(2),
    cpuVsNaive: +(m.cpuMs / naive.cpuMs).toFixed(2),
    rssVsNaive: +(m.maxRssBytes / naive.maxRssBytes).toFixed(2),
    vsOneWorker:
      c.child?.[0] === 'parse-workers' && oneWorker ? +(oneWorker.ms / m.ms).toFixed(2) : undefined,
  };
});
const header = `tree: ${t.files} files (${t.bigFiles} of 2-5 MB), ${t.events} events, ${(t.bytes / 1e6).toFixed(0)} MB JSON, ${(t.compressedBytes / 1e6).toFixed(1)} MB gzip; ${availableParallelism()} CPU(s); node ${process.version}; best of ${REPEAT} (interleaved); load average ${load0.map((l) => l.toFixed(2)).join(' ')} at start, ${load.map((l) => l.toFixed(2)).join(' ')} at end`;
const lines = [
  header,
  '| candidate | wall s | CPU s | events/s | peak RSS MB | throughput vs naive | CPU vs naive | RSS vs naive |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.candidate} | ${r.seconds} | ${r.cpuSeconds} | ${r.eventsPerSecond.toLocaleString('en-US')} | ${r.peakRssMB} | ${r.throughputVsNaive}x${r.vsOneWorker !== undefined ? ` (${r.vsOneWorker}x 1 worker)` : ''} | ${r.cpuVsNaive} | ${r.rssVsNaive} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
writeFileSync(
  join(HERE, 'tree-results.json'),
  // arrays of numbers on one line, as the formatter (biome) keeps them
  `${JSON.stringify({ tree: t, node: process.version, loadAverageAtStart: load0, loadAverage: load, rows }, null, 2).replace(/\[[\d.,\s]+\]/g, (a) => a.replace(/\s+/g, '').replace(/,/g, ', '))}\n`,
);
