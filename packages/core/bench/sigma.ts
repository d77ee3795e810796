/**
 * Sigma benchmark: cost of evaluating the 57 SigmaHQ CloudTrail rules (test/fixtures/sigma) against
 * `JSON.parse` of the same records, in the same run, as `bench/rules.ts` does for the built-in packs. Rules
 * run through `indexDetectors()` (the fast path: only the rules whose eventName / eventSource candidates
 * fit the event) and, for reference, every rule on every event. Corpus: the real fixture records resampled
 * (seeded) to `SIGMA_BENCH_EVENTS` events (default 50000). Medians of 7 rounds after a warm-up; ratios are
 * medians of per-round ratios. Peak RSS is reported. Run: `pnpm bench:sigma`.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TrailEvent } from '../src/event/trail-event';
import { indexDetectors } from '../src/rules/detector-index';
import { loadRules } from '../src/rules/rule-pack';
import { toDetectors } from '../src/rules/to-detector';

const HERE = import.meta.dirname;
const REAL = join(HERE, '..', 'test', 'fixtures', 'real');
const SIGMA = join(HERE, '..', 'test', 'fixtures', 'sigma', 'rules');
const N = Number(process.env.SIGMA_BENCH_EVENTS ?? 50_000);
const ROUNDS = 7;

function realRecords(): TrailEvent[] {
  const out: TrailEvent[] = [];
  for (const dir of ['invictus-aws-dataset', 'stratus-red-team', 'trailscraper']) {
    for (const f of readdirSync(join(REAL, dir))) {
      if (!f.endsWith('.json')) continue;
      const j = JSON.parse(readFileSync(join(REAL, dir, f), 'utf8')) as
        | TrailEvent[]
        | { Records: TrailEvent[] };
      out.push(...(Array.isArray(j) ? j : j.Records));
    }
  }
  return out;
}

const recs = realRecords();
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 2 ** 32;
};
const lines: string[] = [];
for (let i = 0; i < N; i++)
  lines.push(JSON.stringify({ ...recs[Math.floor(rand() * recs.length)]!, eventID: `bench-${i}` }));
const parsed = lines.map((l) => JSON.parse(l) as TrailEvent);

const skipped: string[] = [];
const load = () => loadRules(SIGMA, { onSkipped: (e) => skipped.push(e.message) });
const ruleCount = (await load()).length;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const times = { parse: [] as number[], indexed: [] as number[], naive: [] as number[] };
const findings = { indexed: 0, naive: 0 };

for (let round = 0; round < ROUNDS + 1; round++) {
  let t0 = performance.now();
  let sink = 0;
  for (const l of lines) sink += (JSON.parse(l) as TrailEvent).eventName?.length ?? 0;
  const parseMs = performance.now() - t0;
  const index = indexDetectors(await load());
  t0 = performance.now();
  let f = 0;
  for (const e of parsed) f += index.process(e)?.length ?? 0;
  f += index.flush().length;
  const indexedMs = performance.now() - t0;
  const all = toDetectors(await load());
  t0 = performance.now();
  let g = 0;
  for (const e of parsed) for (const d of all) g += d.process(e)?.length ?? 0;
  const naiveMs = performance.now() - t0;
  if (sink < 0) throw new Error('unreachable');
  if (round === 0) continue;
  times.parse.push(parseMs);
  times.indexed.push(indexedMs);
  times.naive.push(naiveMs);
  findings.indexed = f;
  findings.naive = g;
}
if (findings.indexed !== findings.naive)
  throw new Error(`indexed and naive disagree: ${JSON.stringify(findings)}`);
const ratio = (k: 'indexed' | 'naive') => median(times[k].map((ms, i) => ms / times.parse[i]!));
const result = {
  events: N,
  rules: ruleCount,
  skipped: skipped.length,
  node: process.version,
  parseMs: median(times.parse),
  indexed: { ms: median(times.indexed), ratioToParse: ratio('indexed'), findings: findings.indexed },
  naive: { ms: median(times.naive), ratioToParse: ratio('naive'), findings: findings.naive },
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(join(HERE, 'sigma-results.json'), `${JSON.stringify(result, null, 2)}\n`);
