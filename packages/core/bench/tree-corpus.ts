/**
 * The tree benchmark's input: a CloudTrail S3 layout (`AWSLogs/<account>/CloudTrail/<region>/2023/07/<day>/
 * <account>_CloudTrail_<region>_<time>_<id>.json.gz`) of `TREE_FILES` gzip log files built from the real
 * records of `test/fixtures/real/` with a seeded PRNG (same seed, same bytes). File sizes follow CloudTrail
 * delivery: log-uniform from 1 KB to 200 KB of JSON for most files, plus a few files of 2-5 MB. Cached in
 * `bench/.corpus/tree-<files>/` (rebuilt when missing).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CORPUS_DIR, prng, realRecords, uuid } from './corpus';

export interface Tree {
  dir: string;
  files: number;
  events: number;
  /** Uncompressed JSON bytes. */
  bytes: number;
  compressedBytes: number;
  /** Files of more than 1 MB of JSON. */
  bigFiles: number;
}

const ACCOUNTS = ['111122223333', '218007301253', '444455556666'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
/** One file in this many is a big one (2-5 MB). */
const BIG_EVERY = 400;

/** One log file of a tree: its key below the bucket (or folder), its gzip body and its size. */
export interface TreeFile {
  key: string;
  gzip: Buffer;
  events: number;
  /** Uncompressed JSON bytes. */
  bytes: number;
  big: boolean;
}

/**
 * The `count` log files of a tree made of `records` (JSON texts), in key order of delivery, deterministic:
 * the source-s3 benchmark uploads the same shape to the local S3 server.
 */
export function* treeFiles(count: number, records: readonly string[]): Generator<TreeFile> {
  const random = prng(20230711);
  for (let f = 0; f < count; f++) {
    const big = f % BIG_EVERY === BIG_EVERY - 1;
    const target = big ? (2 + 3 * random()) * 1024 * 1024 : 1024 * 200 ** random();
    const account = ACCOUNTS[f % ACCOUNTS.length]!;
    const region = REGIONS[Math.floor(f / ACCOUNTS.length) % REGIONS.length]!;
    const minute = Math.floor(f / (ACCOUNTS.length * REGIONS.length)) * 5;
    const day = 10 + Math.floor(minute / 1440);
    const hh = String(Math.floor((minute % 1440) / 60)).padStart(2, '0');
    const mm = String(minute % 60).padStart(2, '0');
    const parts: string[] = [];
    let size = 14;
    while (size < target || parts.length === 0) {
      const text = records[Math.floor(random() * records.length)]!;
      // a fresh eventID keeps every event unique
      const record = text.replace(/"eventID":"[^"]*"/, `"eventID":"${uuid(random)}"`);
      parts.push(record);
      size += record.length + 1;
    }
    const json = `{"Records":[${parts.join(',')}]}`;
    const id = uuid(random).slice(0, 16).replace(/-/g, '');
    const key =
      `AWSLogs/${account}/CloudTrail/${region}/2023/07/${day}/` +
      `${account}_CloudTrail_${region}_202307${day}T${hh}${mm}Z_${id}.json.gz`;
    yield { key, gzip: gzipSync(json), events: parts.length, bytes: json.length, big };
  }
}

function build(files: number, dir: string): Tree {
  const records = realRecords().map((r) => JSON.stringify(r));
  let events = 0;
  let bytes = 0;
  let compressedBytes = 0;
  let bigFiles = 0;
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  for (const file of treeFiles(files, records)) {
    const path = join(tmp, file.key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.gzip);
    if (file.big) bigFiles++;
    events += file.events;
    bytes += file.bytes;
    compressedBytes += file.gzip.length;
  }
  renameSync(tmp, dir);
  return { dir, files, events, bytes, compressedBytes, bigFiles };
}

/** The benchmark tree of `files` files, built if missing. */
export function tree(files: number): Tree {
  const dir = join(CORPUS_DIR, `tree-${files}`);
  const metaPath = `${dir}.meta.json`;
  if (existsSync(dir) && existsSync(metaPath)) return JSON.parse(readFileSync(metaPath, 'utf8')) as Tree;
  mkdirSync(CORPUS_DIR, { recursive: true });
  process.stderr.write(`building the tree (${files} files)...\n`);
  rmSync(dir, { recursive: true, force: true });
  const built = build(files, dir);
  writeFileSync(metaPath, JSON.stringify(built));
  return built;
}
