import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { indexDetectors } from '../src/rules/detector-index';
import { defaultDetectors } from '../src/rules/default-detectors';
import { cisRules } from '../src/rules/packs/cis';
import { threatRules } from '../src/rules/packs/threats';
const REAL = 'test/fixtures/real';
const recs: any[] = [];
for (const dir of ['invictus-aws-dataset', 'stratus-red-team', 'trailscraper'])
  for (const f of readdirSync(join(REAL, dir))) {
    if (!f.endsWith('.json')) continue;
    const j = JSON.parse(readFileSync(join(REAL, dir, f), 'utf8'));
    recs.push(...(Array.isArray(j) ? j : j.Records));
  }
const idx = indexDetectors([...cisRules(), ...threatRules(), ...defaultDetectors()]);
const byRule = new Map<string, number>();
const cand = new Map<number, number>();
const names = new Map<string, number>();
for (const e of recs) {
  for (const f of idx.process(e) ?? []) byRule.set(f.rule.id, (byRule.get(f.rule.id) ?? 0) + 1);
  const n = idx.candidates(e).length;
  cand.set(n, (cand.get(n) ?? 0) + 1);
  names.set(e.eventName, (names.get(e.eventName) ?? 0) + 1);
}
console.log(recs.length, byRule, cand, [...names].sort((a, b) => b[1] - a[1]).slice(0, 15));
