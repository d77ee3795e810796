/**
 * Regex benchmark: `%regex%` on `$.userAgent` over the real fixture records, as `pattern().test` runs it
 * (CloudWatch Logs syntax checked, matched with re2js in linear time), against JavaScript's backtracking
 * `RegExp` on the same text (what `pattern()` used before). Times are medians of 9 rounds after a warm-up, in
 * nanoseconds per event. Run: node --conditions=source --import tsx bench/regex.ts
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TrailEvent } from '../src/event/trail-event';
import { pattern } from '../src/filters/pattern';

const REAL = join(import.meta.dirname, '..', 'test', 'fixtures', 'real');
const SOURCES = [
  '^APN/1\\.0\\sHashiCorp/\\d',
  'Boto3/\\d+\\.\\d+',
  '^console\\.amazonaws\\.com$|Mozilla',
  'stratus-red-team_[0-9a-f-]+',
];

const events: TrailEvent[] = [];
for (const dir of ['invictus-aws-dataset', 'stratus-red-team', 'trailscraper']) {
  for (const f of readdirSync(join(REAL, dir))) {
    if (!f.endsWith('.json')) continue;
    const json = JSON.parse(readFileSync(join(REAL, dir, f), 'utf8')) as unknown;
    events.push(...(Array.isArray(json) ? json : (json as { Records: TrailEvent[] }).Records));
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function nsPerEvent(test: (e: TrailEvent) => boolean): { ns: number; hits: number } {
  let hits = 0;
  for (const e of events) if (test(e)) hits++;
  const rounds: number[] = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) for (const e of events) test(e);
    rounds.push(((performance.now() - t0) * 1e6) / (10 * events.length));
  }
  return { ns: median(rounds), hits };
}

console.log(`${events.length} real events`);
for (const source of SOURCES) {
  const linear = pattern(`{ $.userAgent = %${source}% }`);
  const re = new RegExp(source);
  const backtracking = (e: TrailEvent) => typeof e.userAgent === 'string' && re.test(e.userAgent);
  const a = nsPerEvent((e) => linear.test(e));
  const b = nsPerEvent(backtracking);
  if (a.hits !== b.hits) throw new Error(`${source}: ${a.hits} vs ${b.hits} matches`);
  console.log(
    `%${source}%: re2js ${a.ns.toFixed(0)} ns/event, RegExp ${b.ns.toFixed(0)} ns/event (x${(a.ns / b.ns).toFixed(1)}), ${a.hits} matches`,
  );
}
