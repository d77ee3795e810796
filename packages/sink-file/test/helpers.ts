import { expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { TrailEvent } from '@trailkit/core';

/** The repository's bundled real CloudTrail samples. */
export const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
export { allRealEvents, CORE_FIXTURES } from './real-events';

/** Real events: every record of the first `files` gzip log files of the bundled AWSLogs tree. */
export function realEvents(files = 3): TrailEvent[] {
  const dir = join(SAMPLES, 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10');
  const names = readdirSync(dir).sort().slice(0, files);
  return names.flatMap(
    (n) =>
      (JSON.parse(gunzipSync(readFileSync(join(dir, n))).toString()) as { Records: TrailEvent[] }).Records,
  );
}

/** Real events of one Stratus Red Team detonation (a JSON array with real, varied regions/accounts). */
export function stratusEvents(name = 'aws.defense-evasion.cloudtrail-stop'): TrailEvent[] {
  return JSON.parse(readFileSync(join(SAMPLES, 'stratus-red-team', `${name}.json`), 'utf8')) as TrailEvent[];
}

/** Every file under `dir`, as paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Parse an NDJSON file (gunzipped when it ends in `.gz`). */
export function readNdjson(path: string): unknown[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}
