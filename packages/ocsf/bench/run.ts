/**
 * Benchmark of the OCSF mapping against plain NDJSON (`JSON.stringify` per event, what `--format ndjson`
 * does), measured in the same run: each candidate in its own process, `RUNS` times interleaved, median time
 * and peak RSS, as ratios to the baseline; the load average is printed since the machine is shared.
 *
 *   pnpm --filter @trailkit/ocsf bench [events] [batch]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const [events = '50000', batch = '500'] = process.argv.slice(2);
const RUNS = 5;
const CANDIDATES = ['baseline-ndjson', 'ocsf', 'ocsf-raw-data'] as const;
const child = fileURLToPath(new URL('./child.ts', import.meta.url));

interface Sample {
  ms: number;
  bytes: number;
  maxRssBytes: number;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const loadBefore = loadavg();
const samples: Record<string, Sample[]> = {};
for (let r = 0; r < RUNS; r++) {
  for (const c of CANDIDATES) {
    const out = execFileSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', child, c, events, batch],
      { encoding: 'utf8' },
    );
    const list = samples[c] ?? [];
    list.push(JSON.parse(out) as Sample);
    samples[c] = list;
  }
}
const loadAfter = loadavg();

const base = samples['baseline-ndjson'] as Sample[];
const results = CANDIDATES.map((c) => {
  const s = samples[c] as Sample[];
  const ms = median(s.map((x) => x.ms));
  const rss = median(s.map((x) => x.maxRssBytes));
  return {
    candidate: c,
    medianMs: Math.round(ms),
    eventsPerSecond: Math.round((Number(events) / ms) * 1000),
    timeVsBaseline: Number((ms / median(base.map((x) => x.ms))).toFixed(2)),
    peakRssMiB: Number((rss / 2 ** 20).toFixed(1)),
    rssVsBaseline: Number((rss / median(base.map((x) => x.maxRssBytes))).toFixed(2)),
    outputBytes: (s[0] as Sample).bytes,
    sizeVsBaseline: Number(((s[0] as Sample).bytes / (base[0] as Sample).bytes).toFixed(2)),
  };
});
console.table(results);
const load = {
  before: loadBefore.map((x) => Number(x.toFixed(2))),
  after: loadAfter.map((x) => Number(x.toFixed(2))),
};
console.log('load average (1, 5, 15 min):', load);
writeFileSync(
  fileURLToPath(new URL('./results.json', import.meta.url)),
  `${JSON.stringify({ node: process.version, events: Number(events), batch: Number(batch), runs: RUNS, load, results }, null, 2)}\n`,
);
