/**
 * The S3 benchmark's input, built like core's tree benchmark (`packages/core/bench/tree-corpus.ts`): a
 * CloudTrail S3 layout (`AWSLogs/<account>/CloudTrail/<region>/2023/07/<day>/<account>_CloudTrail_<region>_
 * <time>_<id>.json.gz`) of `files` gzip log files made of the real records of core's
 * `test/fixtures/real/invictus-aws-dataset/` (MIT) resampled with a seeded PRNG (every `eventID` rewritten, so
 * events are unique). JSON sizes are log-uniform from 1 KB to 200 KB, plus one file in 400 of 2-5 MB, as
 * CloudTrail delivers them. Same seed, same bytes.
 */
import { gzipSync } from 'node:zlib';
import { realRecords } from '../test/helpers';

/** One log file of the tree. */
export interface TreeFile {
  key: string;
  gzip: Buffer;
  events: number;
}

/** The tree and its totals. */
export interface Tree {
  files: TreeFile[];
  events: number;
  /** Uncompressed JSON bytes. */
  bytes: number;
  gzipBytes: number;
}

const ACCOUNTS = ['111122223333', '218007301253', '444455556666'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
/** One file in this many is a big one (2-5 MB of JSON). */
const BIG_EVERY = 400;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

/** Build the tree of `count` files in memory (deterministic). */
export function buildTree(count: number): Tree {
  const records = realRecords(Number.POSITIVE_INFINITY).map((r) => JSON.stringify(r));
  const random = prng(20230711);
  const files: TreeFile[] = [];
  let events = 0;
  let bytes = 0;
  let gzipBytes = 0;
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
      const record = text.replace(/"eventID":"[^"]*"/, `"eventID":"${uuid(random)}"`);
      parts.push(record);
      size += record.length + 1;
    }
    const json = `{"Records":[${parts.join(',')}]}`;
    const gzip = gzipSync(json);
    const id = uuid(random).slice(0, 16).replace(/-/g, '');
    const key =
      `AWSLogs/${account}/CloudTrail/${region}/2023/07/${day}/` +
      `${account}_CloudTrail_${region}_202307${day}T${hh}${mm}Z_${id}.json.gz`;
    files.push({ key, gzip, events: parts.length });
    events += parts.length;
    bytes += json.length;
    gzipBytes += gzip.length;
  }
  return { files, events, bytes, gzipBytes };
}
