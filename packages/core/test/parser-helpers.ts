import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type ParseError, type ParseOptions, parse, type TrailEvent } from '../src/index';

/** Folder of the real CloudTrail fixtures. */
export const REAL = join(import.meta.dirname, 'fixtures', 'real');

/** The real fixture files and their record counts (from counts.json). */
export function realFiles(): Array<{ file: string; count: number }> {
  const counts = JSON.parse(readFileSync(join(REAL, 'counts.json'), 'utf8')) as Record<string, number>;
  return Object.entries(counts).map(([file, count]) => ({ file, count }));
}

/** The records of a real fixture as `JSON.parse` sees them (inner strings parsed for wrapped shapes). */
export function expectedRecords(file: string, bytes: Buffer): unknown[] {
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  if (file.endsWith('.jsonl')) {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(JSON.parse(line).CloudTrailEvent));
  }
  const value = JSON.parse(text);
  if (Array.isArray(value)) return value;
  if (Array.isArray(value.Records)) return value.Records;
  if (Array.isArray(value.logEvents))
    return value.logEvents.map((e: { message: string }) => JSON.parse(e.message));
  return [value];
}

/** A deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Feed `bytes` as chunks whose sizes come from `size()`. */
export async function* chunked(bytes: Uint8Array, size: () => number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; ) {
    const n = Math.max(1, size());
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

/** gzip `bytes` as several concatenated members, cut at the given fractions. */
export function gzipMembers(bytes: Uint8Array, cuts: number[]): Buffer {
  const points = [0, ...cuts.map((f) => Math.floor(bytes.length * f)), bytes.length];
  const members: Buffer[] = [];
  for (let k = 0; k + 1 < points.length; k++)
    members.push(gzipSync(bytes.subarray(points[k], points[k + 1])));
  return Buffer.concat(members);
}

/** Read every batch; returns the events and the batches' sizes. */
export async function collect(
  input: Parameters<typeof parse>[0],
  options?: ParseOptions,
): Promise<{ events: TrailEvent[]; batches: number[] }> {
  const events: TrailEvent[] = [];
  const batches: number[] = [];
  for await (const batch of parse(input, options)) {
    batches.push(batch.length);
    events.push(...batch);
  }
  return { events, batches };
}

/** Read until the parser throws; returns the events yielded before, and the error (or undefined). */
export async function collectUntilError(
  input: Parameters<typeof parse>[0],
  options?: ParseOptions,
): Promise<{ events: TrailEvent[]; error: ParseError | undefined }> {
  const events: TrailEvent[] = [];
  try {
    for await (const batch of parse(input, options)) events.push(...batch);
  } catch (error) {
    return { events, error: error as ParseError };
  }
  return { events, error: undefined };
}

/** Read with `onInvalid` collecting errors. */
export async function collectSkipping(
  input: Parameters<typeof parse>[0],
  options?: ParseOptions,
): Promise<{ events: TrailEvent[]; errors: ParseError[] }> {
  const errors: ParseError[] = [];
  const { events } = await collect(input, { ...options, onInvalid: (e) => errors.push(e) });
  return { events, errors };
}

/** Files under a folder, recursively (relative paths). */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}
