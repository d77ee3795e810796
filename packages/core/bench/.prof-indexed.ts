import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultDetectors } from '../src/rules/default-detectors';
import { indexDetectors } from '../src/rules/detector-index';
import { cisRules } from '../src/rules/packs/cis';
import { threatRules } from '../src/rules/packs/threats';
const REAL = '/work/main/packages/core/test/fixtures/real';
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
const parsed = [];
for (let i = 0; i < 50000; i++)
  parsed.push(
    JSON.parse(JSON.stringify({ ...recs[Math.floor(rand() * recs.length)], eventID: `bench-${i}` })),
  );
const mode = process.env.MODE ?? 'all';
for (let r = 0; r < 12; r++) {
  const idx = indexDetectors(
    mode === 'all'
      ? [...cisRules(), ...threatRules(), ...defaultDetectors()]
      : mode === 'stateless'
        ? [...cisRules(), ...threatRules()]
        : defaultDetectors(),
  );
  const t0 = performance.now();
  let f = 0;
  for (const e of parsed) f += idx.process(e)?.length ?? 0;
  f += idx.flush().length;
  console.log(mode, (performance.now() - t0).toFixed(1), f);
}
