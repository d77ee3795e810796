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
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 2 ** 32;
};
const parsed: any[] = [];
for (let i = 0; i < 50000; i++)
  parsed.push(
    JSON.parse(JSON.stringify({ ...recs[Math.floor(rand() * recs.length)], eventID: `bench-${i}` })),
  );
const idx = indexDetectors([...cisRules(), ...threatRules(), ...defaultDetectors()]);
for (let r = 0; r < 8; r++) {
  let t0 = performance.now();
  let s = 0;
  for (const e of parsed) s += e.eventName.length + e.eventSource.length;
  const touch = performance.now() - t0;
  t0 = performance.now();
  for (const e of parsed) s += idx.candidates(e).length;
  const cand = performance.now() - t0;
  t0 = performance.now();
  for (const e of parsed) s += e.userIdentity?.type?.length ?? 0;
  const ui = performance.now() - t0;
  console.log('touch', touch.toFixed(1), 'cand', cand.toFixed(1), 'uiType', ui.toFixed(1), s > 0);
}
