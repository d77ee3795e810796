/**
 * Deterministic benchmark corpora: real CloudTrail records from `test/fixtures/real/`, resampled with a
 * seeded PRNG (eventIDs rewritten to stay unique), written gzip-compressed in three shapes and cached in
 * `bench/.corpus/` (rebuilt when missing or when the size changes).
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, createGzip } from 'node:zlib';

/** `lookup-ndjson`: `LookupEvents` results as lines, each record a JSON string in `CloudTrailEvent`. */
export type Shape = 'records-minified' | 'records-pretty' | 'ndjson' | 'lookup-ndjson';
export const SHAPES: Shape[] = ['records-minified', 'records-pretty', 'ndjson', 'lookup-ndjson'];

export interface Corpus {
  shape: Shape;
  path: string;
  /** Uncompressed bytes. */
  bytes: number;
  compressedBytes: number;
  events: number;
}

const HERE = import.meta.dirname;
const REAL = join(HERE, '..', 'test', 'fixtures', 'real');
export const CORPUS_DIR = join(HERE, '.corpus');

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

/** Every real record (S3 log files, stratus arrays, lookup-events lines, CloudWatch payload). */
export function realRecords(): Record<string, unknown>[] {
  const counts = JSON.parse(readFileSync(join(REAL, 'counts.json'), 'utf8')) as Record<string, number>;
  const records: Record<string, unknown>[] = [];
  for (const file of Object.keys(counts)) {
    if (file.endsWith('.gz')) continue;
    const text = readFileSync(join(REAL, file), 'utf8');
    if (file.endsWith('.jsonl')) {
      for (const line of text.split('\n'))
        if (line.trim()) records.push(JSON.parse(JSON.parse(line).CloudTrailEvent));
      continue;
    }
    const value = JSON.parse(text);
    if (Array.isArray(value)) records.push(...value);
    else if (Array.isArray(value.Records)) records.push(...value.Records);
    else if (Array.isArray(value.logEvents)) {
      for (const e of value.logEvents) records.push(JSON.parse(e.message));
    }
  }
  return records;
}

export function uuid(random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

function render(shape: Shape, record: Record<string, unknown>): string {
  if (shape === 'records-minified' || shape === 'ndjson') return JSON.stringify(record);
  if (shape === 'lookup-ndjson') {
    return JSON.stringify({
      EventId: record.eventID,
      EventName: record.eventName,
      EventTime: record.eventTime,
      CloudTrailEvent: JSON.stringify(record),
    });
  }
  return JSON.stringify(record, null, 2).replace(/^/gm, '    ');
}

async function build(shape: Shape, targetBytes: number, path: string): Promise<Corpus> {
  const records = realRecords();
  const random = prng(20230710);
  const gzip = createGzip({ level: constants.Z_DEFAULT_COMPRESSION });
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  gzip.pipe(out);
  let bytes = 0;
  let events = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  const [open, sep, close] =
    shape === 'records-minified'
      ? ['{"Records":[', ',', ']}']
      : shape === 'records-pretty'
        ? ['{\n  "Records": [\n', ',\n', '\n  ]\n}\n']
        : ['', '\n', '\n'];
  await write(open);
  while (bytes < targetBytes) {
    const record = records[Math.floor(random() * records.length)]!;
    const copy = { ...record, eventID: uuid(random) };
    await write((events > 0 ? sep : '') + render(shape, copy));
    events++;
  }
  await write(close);
  gzip.end();
  await once(out, 'close');
  renameSync(tmp, path);
  const compressedBytes = readFileSync(path).length;
  return { shape, path, bytes, compressedBytes, events };
}

/** The corpora for `megabytes` of uncompressed JSON each, built if missing. */
export async function corpora(megabytes: number): Promise<Corpus[]> {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const result: Corpus[] = [];
  for (const shape of SHAPES) {
    const path = join(CORPUS_DIR, `${shape}-${megabytes}MB.json.gz`);
    const metaPath = `${path}.meta.json`;
    if (existsSync(path) && existsSync(metaPath)) {
      result.push(JSON.parse(readFileSync(metaPath, 'utf8')) as Corpus);
      continue;
    }
    process.stderr.write(`building ${shape} corpus (${megabytes} MB)...\n`);
    const corpus = await build(shape, megabytes * 1024 * 1024, path);
    writeFileSync(metaPath, JSON.stringify(corpus));
    result.push(corpus);
  }
  return result;
}
