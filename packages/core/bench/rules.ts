/**
 * Rules benchmark: cost of evaluating the `cis` + `threats` packs (stateless rules and the stateful default
 * detectors) against the cost of `JSON.parse` of the same records, in the same run. Corpus: the real fixture
 * records resampled in memory (seeded) to `RULES_BENCH_EVENTS` events (default 50000).
 * Run: `pnpm bench:rules` (node --conditions=source --import tsx bench/rules.ts).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TrailEvent } from '../src/event/trail-event';
import { defaultDetectors } from '../src/rules/default-detectors';
import { cisRules } from '../src/rules/packs/cis';
import { threatRules } from '../src/rules/packs/threats';
import { toDetectors } from '../src/rules/to-detector';

const HERE = import.meta.dirname;
const REAL = join(HERE, '..', 'test', 'fixtures', 'real');
const N = Number(process.env.RULES_BENCH_EVENTS ?? 50_000);
const ROUNDS = 5;

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

function corpus(): string[] {
  const recs = realRecords();
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const r = { ...recs[Math.floor(rand() * recs.length)]!, eventID: `bench-${i}` };
    lines.push(JSON.stringify(r));
  }
  return lines;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const lines = corpus();
const parsed = lines.map((l) => JSON.parse(l) as TrailEvent);
const bytes = lines.reduce((n, l) => n + l.length, 0);

const parseTimes: number[] = [];
const rulesTimes: number[] = [];
const statelessTimes: number[] = [];
let findings = 0;
for (let round = 0; round < ROUNDS + 1; round++) {
  let t0 = performance.now();
  let sink = 0;
  for (const l of lines) sink += (JSON.parse(l) as TrailEvent).eventName?.length ?? 0;
  const parseMs = performance.now() - t0;

  const stateless = toDetectors([...cisRules(), ...threatRules()]);
  t0 = performance.now();
  let f1 = 0;
  for (const e of parsed) for (const d of stateless) f1 += d.process(e)?.length ?? 0;
  const statelessMs = performance.now() - t0;

  const all = toDetectors([...cisRules(), ...threatRules(), ...defaultDetectors()]);
  t0 = performance.now();
  let f2 = 0;
  for (const e of parsed) for (const d of all) f2 += d.process(e)?.length ?? 0;
  for (const d of all) f2 += d.flush?.().length ?? 0;
  const rulesMs = performance.now() - t0;
  if (round === 0) continue; // warm-up
  parseTimes.push(parseMs);
  statelessTimes.push(statelessMs);
  rulesTimes.push(rulesMs);
  findings = f2;
  if (sink < 0 || f1 < 0) console.log('unreachable');
}

const parseMs = median(parseTimes);
const statelessMs = median(statelessTimes);
const rulesMs = median(rulesTimes);
const results = {
  date: new Date().toISOString(),
  node: process.version,
  events: N,
  bytes,
  rules: { stateless: cisRules().length + threatRules().length, detectors: defaultDetectors().length },
  findings,
  parse: { ms: parseMs, eventsPerSecond: Math.round((N / parseMs) * 1000) },
  statelessRules: {
    ms: statelessMs,
    eventsPerSecond: Math.round((N / statelessMs) * 1000),
    ratioToParse: statelessMs / parseMs,
  },
  allPacks: {
    ms: rulesMs,
    eventsPerSecond: Math.round((N / rulesMs) * 1000),
    ratioToParse: rulesMs / parseMs,
  },
  target: 'allPacks.ratioToParse < 0.25',
  meetsTarget: rulesMs / parseMs < 0.25,
};
writeFileSync(join(HERE, 'rules-results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.table({
  'JSON.parse (baseline)': {
    ms: parseMs.toFixed(1),
    'events/s': results.parse.eventsPerSecond,
    'x parse': '1.00',
  },
  'cis + threats rules': {
    ms: statelessMs.toFixed(1),
    'events/s': results.statelessRules.eventsPerSecond,
    'x parse': results.statelessRules.ratioToParse.toFixed(3),
  },
  'cis + threats + detectors': {
    ms: rulesMs.toFixed(1),
    'events/s': results.allPacks.eventsPerSecond,
    'x parse': results.allPacks.ratioToParse.toFixed(3),
  },
});
console.log(
  `${N} events, ${results.rules.stateless} rules + ${results.rules.detectors} detectors, ${findings} findings; target < 0.25 x parse: ${results.meetsTarget ? 'met' : 'NOT met'}`,
);
