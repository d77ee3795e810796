/**
 * Rules benchmark: cost of evaluating the `cis` + `threats` packs (stateless rules and the stateful default
 * detectors) against the cost of parsing the same records, in the same run: `JSON.parse` of each record, and
 * core's streaming `parse()` of the same records as NDJSON bytes. Rules run two ways on the same parsed
 * events: `indexDetectors()` (what to use) and the naive loop calling every detector on every event (the
 * reference). Corpus: the real fixture records resampled in memory (seeded) to `RULES_BENCH_EVENTS` events
 * (default 50000). The indexed rows are measured first, the naive ones after (see phase 2 below). Times are medians of 7 rounds after a warm-up round; a ratio is the median of the per-round
 * ratios (both measured in the same round, so a change of machine load between rounds cancels out).
 * Run: `pnpm bench:rules` (node --conditions=source --import tsx bench/rules.ts).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TrailEvent } from '../src/event/trail-event';
import { parse } from '../src/parser/parse';
import { defaultDetectors } from '../src/rules/default-detectors';
import { indexDetectors } from '../src/rules/detector-index';
import { cisRules } from '../src/rules/packs/cis';
import { threatRules } from '../src/rules/packs/threats';
import { toDetectors } from '../src/rules/to-detector';

const HERE = import.meta.dirname;
const REAL = join(HERE, '..', 'test', 'fixtures', 'real');
const N = Number(process.env.RULES_BENCH_EVENTS ?? 50_000);
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

const ndjson = Buffer.from(`${lines.join('\n')}\n`);

/** Core parser over the same records (NDJSON, one buffer); undefined when it cannot run here. */
async function coreParse(): Promise<number | undefined> {
  try {
    let n = 0;
    for await (const batch of parse(ndjson, { batchSize: 1000 })) n += batch.length;
    return n;
  } catch (error) {
    console.warn(`core parse() not measured: ${(error as Error).message}`);
    return undefined;
  }
}

type Row =
  | 'parse'
  | 'parseNaivePhase'
  | 'coreParse'
  | 'naiveStateless'
  | 'naiveAll'
  | 'indexedStateless'
  | 'indexedAll'
  | 'batchParse'
  | 'batchParseAllPacks';
const times: Record<Row, number[]> = {
  parse: [],
  parseNaivePhase: [],
  coreParse: [],
  naiveStateless: [],
  naiveAll: [],
  indexedStateless: [],
  indexedAll: [],
  batchParse: [],
  batchParseAllPacks: [],
};
const findings: Partial<Record<Row, number>> = {};
let coreParseOk = true;

function naive(detectors: ReturnType<typeof toDetectors>): number {
  let f = 0;
  for (const e of parsed) for (const d of detectors) f += d.process(e)?.length ?? 0;
  for (const d of detectors) f += d.flush?.().length ?? 0;
  return f;
}

function indexed(index: ReturnType<typeof indexDetectors>): number {
  let f = 0;
  for (const e of parsed) f += index.process(e)?.length ?? 0;
  return f + index.flush().length;
}

const BATCH = 50; // core parse()'s default batch size

/**
 * Like a pipeline: parse a batch of records, then (when given) run the rules over that batch while its events
 * are fresh. The rules' share of a pipeline is this minus the same loop without rules.
 */
function batches(index?: ReturnType<typeof indexDetectors>): number {
  let f = 0;
  const batch: TrailEvent[] = [];
  for (let i = 0; i < lines.length; i += BATCH) {
    batch.length = 0;
    const end = Math.min(i + BATCH, lines.length);
    for (let j = i; j < end; j++) batch.push(JSON.parse(lines[j] as string) as TrailEvent);
    if (index) for (const e of batch) f += index.process(e)?.length ?? 0;
    else for (const e of batch) f += e.eventName?.length ?? 0;
  }
  return index ? f + index.flush().length : f;
}

function time(row: Row, round: number, fn: () => number): void {
  const t0 = performance.now();
  const f = fn();
  const ms = performance.now() - t0;
  if (round === 0) return; // warm-up
  times[row].push(ms);
  findings[row] = f;
}

function timeParse(row: 'parse' | 'parseNaivePhase', round: number): void {
  time(row, round, () => {
    let sink = 0;
    for (const l of lines) sink += (JSON.parse(l) as TrailEvent).eventName?.length ?? 0;
    return sink;
  });
}

// Phase 1: what a pipeline runs (indexDetectors), each round next to its parse baselines.
for (let round = 0; round < ROUNDS + 1; round++) {
  timeParse('parse', round);
  if (coreParseOk) {
    const t0 = performance.now();
    const n = await coreParse();
    const ms = performance.now() - t0;
    if (n !== N) coreParseOk = false;
    else if (round > 0) times.coreParse.push(ms);
  }
  // detectors are compiled outside the timed part (once per run in real use); stateful ones start fresh
  const indexedStateless = indexDetectors([...cisRules(), ...threatRules()]);
  time('indexedStateless', round, () => indexed(indexedStateless));
  const indexedAll = indexDetectors([...cisRules(), ...threatRules(), ...defaultDetectors()]);
  time('indexedAll', round, () => indexed(indexedAll));
  time('batchParse', round, () => batches());
  const inPipeline = indexDetectors([...cisRules(), ...threatRules(), ...defaultDetectors()]);
  time('batchParseAllPacks', round, () => batches(inPipeline));
}
// Phase 2: the naive loop (every detector on every event), the reference, with its own parse baseline. It
// runs after phase 1 because it trains the shared rule code (megamorphic call sites) in a way a pipeline
// never would.
for (let round = 0; round < ROUNDS + 1; round++) {
  timeParse('parseNaivePhase', round);
  const naiveStateless = toDetectors([...cisRules(), ...threatRules()]);
  time('naiveStateless', round, () => naive(naiveStateless));
  const naiveAll = toDetectors([...cisRules(), ...threatRules(), ...defaultDetectors()]);
  time('naiveAll', round, () => naive(naiveAll));
}
if (findings.batchParseAllPacks !== findings.indexedAll) throw new Error('batch run found other findings');
if (findings.naiveAll !== findings.indexedAll || findings.naiveStateless !== findings.indexedStateless) {
  throw new Error(`indexed and naive evaluation disagree: ${JSON.stringify(findings)}`);
}

const parseMs = median(times.parse);
const coreParseMs = coreParseOk ? median(times.coreParse) : undefined;
/** Median over rounds of (this row's time / the baseline's time in the same round): robust to load changes. */
function medianRatio(r: Row, base: Row): number {
  return median(times[r].map((ms, i) => ms / (times[base][i] as number)));
}
function row(r: Row) {
  const ms = median(times[r]);
  const naivePhase = r === 'naiveStateless' || r === 'naiveAll';
  return {
    ms,
    eventsPerSecond: Math.round((N / ms) * 1000),
    ratioToParse: medianRatio(r, naivePhase ? 'parseNaivePhase' : 'parse'),
    ...(coreParseMs !== undefined && !naivePhase && { ratioToCoreParse: medianRatio(r, 'coreParse') }),
    findings: findings[r],
  };
}
const results = {
  date: new Date().toISOString(),
  node: process.version,
  events: N,
  bytes,
  rounds: ROUNDS,
  rules: { stateless: cisRules().length + threatRules().length, detectors: defaultDetectors().length },
  parse: { ms: parseMs, eventsPerSecond: Math.round((N / parseMs) * 1000) },
  ...(coreParseMs !== undefined && {
    coreParse: { ms: coreParseMs, eventsPerSecond: Math.round((N / coreParseMs) * 1000) },
  }),
  statelessRules: row('indexedStateless'),
  allPacks: row('indexedAll'),
  inPipeline: {
    note: 'batches of 50: JSON.parse then all packs on the fresh events, vs the same loop without rules',
    parseMs: median(times.batchParse),
    parseAndAllPacksMs: median(times.batchParseAllPacks),
    allPacksRatioToParse: median(
      times.batchParseAllPacks.map((ms, i) => ms / (times.batchParse[i] as number) - 1),
    ),
  },
  naive: {
    parse: { ms: median(times.parseNaivePhase) },
    statelessRules: row('naiveStateless'),
    allPacks: row('naiveAll'),
  },
  target: 'allPacks.ratioToParse < 0.25 (indexDetectors, cis + threats + default detectors, vs JSON.parse)',
  meetsTarget: row('indexedAll').ratioToParse < 0.25,
};
writeFileSync(join(HERE, 'rules-results.json'), `${JSON.stringify(results, null, 2)}\n`);
const table: Record<string, Record<string, string | number>> = {
  'JSON.parse (baseline)': {
    ms: parseMs.toFixed(1),
    'events/s': results.parse.eventsPerSecond,
    'x parse': '1.000',
  },
};
if (coreParseMs !== undefined) {
  table['core parse() (NDJSON)'] = {
    ms: coreParseMs.toFixed(1),
    'events/s': Math.round((N / coreParseMs) * 1000),
    'x parse': medianRatio('coreParse', 'parse').toFixed(3),
  };
}
for (const [label, r] of [
  ['naive: cis + threats', 'naiveStateless'],
  ['naive: all packs', 'naiveAll'],
  ['indexed: cis + threats', 'indexedStateless'],
  ['indexed: all packs', 'indexedAll'],
] as const) {
  const x = row(r);
  table[label] = { ms: x.ms.toFixed(1), 'events/s': x.eventsPerSecond, 'x parse': x.ratioToParse.toFixed(3) };
}
table['pipeline: batch parse'] = {
  ms: results.inPipeline.parseMs.toFixed(1),
  'events/s': Math.round((N / results.inPipeline.parseMs) * 1000),
  'x parse': '-',
};
table['pipeline: + all packs'] = {
  ms: results.inPipeline.parseAndAllPacksMs.toFixed(1),
  'events/s': Math.round((N / results.inPipeline.parseAndAllPacksMs) * 1000),
  'x parse': `+${results.inPipeline.allPacksRatioToParse.toFixed(3)}`,
};
console.table(table);
console.log(
  `${N} events, ${results.rules.stateless} rules + ${results.rules.detectors} detectors, ${findings.indexedAll} findings; target < 0.25 x parse: ${results.meetsTarget ? 'met' : 'NOT met'}`,
);
