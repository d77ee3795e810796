/**
 * The S3 benchmark's input, built like core's tree benchmark (`packages/core/bench/tree-corpus.ts`): a
 * CloudTrail S3 layout (`AWSLogs/<account>/CloudTrail/<region>/2023/07/<day>/<account>_CloudTrail_<region>_
 * <time>_<id>.json.gz`) of `files` gzip log files made of the real records of core's
 * `test/fixtures/real/invictus-aws-dataset/` (MIT) resampled with a seeded PRNG (every `eventID` rewritten, so
 * events are unique). JSON sizes are log-uniform from 1 KB to 200 KB, plus one file in 400 of 2-5 MB, as
 * CloudTrail delivers them. Same seed, same bytes: the files come from core's `treeFiles`.
 */
import { realRecords } from '../test/helpers';

import { type TreeFile, treeFiles } from '../../core/bench/tree-corpus';

export type { TreeFile };

/** The tree and its totals. */
export interface Tree {
  files: TreeFile[];
  events: number;
  /** Uncompressed JSON bytes. */
  bytes: number;
  gzipBytes: number;
}

/** Build the tree of `count` files in memory (deterministic; the layout of core's tree benchmark). */
export function buildTree(count: number): Tree {
  const records = realRecords(Number.POSITIVE_INFINITY).map((r) => JSON.stringify(r));
  const files = [...treeFiles(count, records)];
  return {
    files,
    events: files.reduce((n, f) => n + f.events, 0),
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    gzipBytes: files.reduce((n, f) => n + f.gzip.length, 0),
  };
}
