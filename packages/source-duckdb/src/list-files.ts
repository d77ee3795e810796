import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A CloudTrail log file found on disk, with what its `AWSLogs/` path says about it. */
export interface TrailFile {
  path: string;
  account?: string;
  region?: string;
  /** `yyyy/MM/dd` from the path. */
  date?: string;
}

const LAYOUT = /AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4}\/\d{2}\/\d{2})\//;
const LOG_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/;

/** What the `AWSLogs/<account>/CloudTrail/<region>/yyyy/MM/dd/` layout says about a path. */
export function layoutOf(path: string): Omit<TrailFile, 'path'> {
  const match = LAYOUT.exec(path.replaceAll('\\', '/'));
  if (!match) return {};
  return { account: match[1], region: match[2], date: match[3] };
}

/** Which files the layout lets through: in the accounts, regions and `yyyy/MM/dd` range when they are known. */
export interface FilePruning {
  accounts?: readonly string[];
  regions?: readonly string[];
  dateRange?: { from: string; to: string };
}

/**
 * Every CloudTrail log file under the paths (files or folders, recursively), sorted, digest and Insight
 * files left out, and files whose `AWSLogs/` path puts them outside the pruning left out too.
 */
export async function listTrailFiles(
  paths: readonly string[],
  pruning: FilePruning = {},
): Promise<TrailFile[]> {
  const found: TrailFile[] = [];
  const visit = async (path: string, top: boolean): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = await readdir(path);
      for (const entry of entries.sort()) await visit(join(path, entry), false);
      return;
    }
    if (!top && !LOG_FILE.test(path)) return;
    if (/CloudTrail-Digest|CloudTrail-Insight/.test(path)) return;
    const file: TrailFile = { path, ...layoutOf(path) };
    if (keeps(file, pruning)) found.push(file);
  };
  for (const path of paths) await visit(path, true);
  return found;
}

function keeps(file: TrailFile, p: FilePruning): boolean {
  if (p.accounts && file.account !== undefined && !p.accounts.includes(file.account)) return false;
  if (p.regions && file.region !== undefined && !p.regions.includes(file.region)) return false;
  if (p.dateRange && file.date !== undefined) {
    if (file.date < p.dateRange.from || file.date > p.dateRange.to) return false;
  }
  return true;
}
