/**
 * Filter-pattern forms benchmark over the real fixture records, as `pattern().test` runs them: a JSON pattern
 * (reads the parsed record), term patterns (look at the record's JSON text, `JSON.stringify(event)`), a regex
 * term and a space-delimited pattern; baseline: `JSON.stringify(event)` alone, in the same run. Times are
 * medians of 9 rounds after a warm-up, in nanoseconds per event.
 * Run: node --conditions=source --import tsx bench/patterns.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TrailEvent } from '../src/event/trail-event';
import { pattern } from '../src/filters/pattern';

const REAL = join(import.meta.dirname, '..', 'test', 'fixtures', 'real');
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
    for (let i = 0; i < 5; i++) for (const e of events) test(e);
    rounds.push(((performance.now() - t0) * 1e6) / (5 * events.length));
  }
  return { ns: median(rounds), hits };
}

const PATTERNS = [
  '{ $.errorCode = "AccessDenied*" }',
  'AccessDenied',
  '?AccessDenied ?UnauthorizedOperation',
  'AccessDenied -"s3.amazonaws.com"',
  '%errorCode\\x22:\\x22Access%',
  '[first, ..., last]',
];

console.log(`${events.length} real events`);
const base = nsPerEvent((e) => JSON.stringify(e).length < 0);
console.log(`baseline JSON.stringify(event): ${base.ns.toFixed(0)} ns/event`);
for (const text of PATTERNS) {
  const p = pattern(text);
  const r = nsPerEvent((e) => p.test(e));
  console.log(
    `${p.form.padEnd(9)} ${text}: ${r.ns.toFixed(0)} ns/event (x${(r.ns / base.ns).toFixed(2)} of the baseline), ${r.hits} matches`,
  );
}
