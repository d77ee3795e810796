/**
 * Test helper: real CloudTrail records from `test/fixtures/real/` (invictus, stratus-red-team, trailscraper),
 * loaded with `JSON.parse` (no dependency on core's parser).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrailEvent } from '../../src/event/trail-event';

export const REAL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'real');

/** Records of one fixture file, e.g. `stratus-red-team/aws.defense-evasion.cloudtrail-stop.json`. */
export function realRecords(file: string): TrailEvent[] {
  const json = JSON.parse(readFileSync(join(REAL_DIR, file), 'utf8')) as unknown;
  if (Array.isArray(json)) return json as TrailEvent[];
  return (json as { Records: TrailEvent[] }).Records;
}

/** Records of a stratus-red-team detonation, by technique, e.g. `aws.defense-evasion.cloudtrail-stop`. */
export function stratus(technique: string): TrailEvent[] {
  return realRecords(`stratus-red-team/${technique}.json`);
}

let cache: Array<{ file: string; event: TrailEvent }> | undefined;

/** Every record of the invictus, stratus-red-team and trailscraper fixtures, with its file. */
export function allRealRecords(): Array<{ file: string; event: TrailEvent }> {
  if (cache) return cache;
  const out: Array<{ file: string; event: TrailEvent }> = [];
  for (const dir of ['invictus-aws-dataset', 'stratus-red-team', 'trailscraper']) {
    for (const name of readdirSync(join(REAL_DIR, dir)).sort()) {
      if (!name.endsWith('.json')) continue;
      const file = `${dir}/${name}`;
      for (const event of realRecords(file)) out.push({ file, event });
    }
  }
  cache = out;
  return out;
}

/** Every real record (events only). */
export function allRealEvents(): TrailEvent[] {
  return allRealRecords().map((r) => r.event);
}

/** A deep copy of a real record with changes applied (for synthetic true positives / negatives). */
export function derive(event: TrailEvent, change: (copy: TrailEvent) => void): TrailEvent {
  const copy = structuredClone(event);
  change(copy);
  return copy;
}

/** The first real record satisfying `pred` (throws when none does, so a test cannot pass vacuously). */
export function findReal(pred: (e: TrailEvent) => boolean): TrailEvent {
  const hit = allRealEvents().find(pred);
  if (!hit) throw new Error('no real record matches');
  return hit;
}
