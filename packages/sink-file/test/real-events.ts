/**
 * The repository's real CloudTrail records, without test-runner imports: used by the tests (through
 * `helpers.ts`) and by the Parquet benchmark, whose measured process must not load vitest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { TrailEvent } from '@trailkit/core';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

/** The repository's bundled real CloudTrail fixtures of core (several public data sets). */
export const CORE_FIXTURES = fileURLToPath(new URL('../../core/test/fixtures/real/', import.meta.url));

/**
 * Every real record bundled in the repository: `packages/core/test/fixtures/real` and `samples/`
 * (CloudTrail log files, JSON arrays, NDJSON; digest files and the fixtures' own counts left out).
 */
export function allRealEvents(): TrailEvent[] {
  const out: TrailEvent[] = [];
  for (const base of [CORE_FIXTURES, SAMPLES]) {
    for (const e of readdirSync(base, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !/\.(json|jsonl)(\.gz)?$/.test(e.name) || e.name === 'counts.json') continue;
      if (e.name.includes('Digest')) continue;
      const raw = readFileSync(join(e.parentPath, e.name));
      const text = (e.name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
      if (e.name.includes('.jsonl')) {
        for (const line of text.split('\n')) if (line.trim()) out.push(JSON.parse(line) as TrailEvent);
        continue;
      }
      const doc = JSON.parse(text) as unknown;
      const records = Array.isArray(doc) ? doc : ((doc as { Records?: unknown[] }).Records ?? [doc]);
      for (const r of records) if (r && typeof r === 'object' && 'eventName' in r) out.push(r as TrailEvent);
    }
  }
  return out;
}
