/**
 * Benchmark of `fileSink` against baselines measured in the same run: each candidate in its own process,
 * `RUNS` times, median time and peak RSS; results as ratios to the baseline with the same compression.
 *
 *   pnpm --filter @trailkit/sink-file bench [events] [batch]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [events = '50000', batch = '500'] = process.argv.slice(2);
const RUNS = 5;
const CANDIDATES = [
  'baseline-plain',
  'sink-plain',
  'baseline-gzip',
  'gzip-one-stream',
  'sink-gzip',
  'sink-partitioned-gzip',
] as const;
const child = fileURLToPath(new URL('./child.ts', import.meta.url));

interface Sample {
  ms: number;
  bytes: number;
  maxRssBytes: number;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const samples: Record<string, Sample[]> = {};
for (let r = 0; r < RUNS; r++) {
  // interleave candidates so machine noise spreads evenly
  for (const c of CANDIDATES) {
    const out = execFileSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', child, c, events, batch],
      {
        encoding: 'utf8',
      },
    );
    const list = samples[c] ?? [];
    list.push(JSON.parse(out) as Sample);
    samples[c] = list;
  }
}

const results = CANDIDATES.map((c) => {
  const s = samples[c]!;
  const base = samples[c.includes('gzip') ? 'baseline-gzip' : 'baseline-plain']!;
  const ms = median(s.map((x) => x.ms));
  const rss = median(s.map((x) => x.maxRssBytes));
  return {
    candidate: c,
    medianMs: Math.round(ms),
    eventsPerSecond: Math.round((Number(events) / ms) * 1000),
    timeVsBaseline: Number((ms / median(base.map((x) => x.ms))).toFixed(2)),
    peakRssMiB: Number((rss / 2 ** 20).toFixed(1)),
    rssVsBaseline: Number((rss / median(base.map((x) => x.maxRssBytes))).toFixed(2)),
    outputBytes: s[0]!.bytes,
    sizeVsBaseline: Number((s[0]!.bytes / base[0]!.bytes).toFixed(3)),
  };
});
console.table(results);
writeFileSync(
  fileURLToPath(new URL('./results.json', import.meta.url)),
  `${JSON.stringify({ node: process.version, events: Number(events), batch: Number(batch), runs: RUNS, results }, null, 2)}\n`,
);
