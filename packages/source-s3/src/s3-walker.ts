import { classifyKey, compactTime, dayPath, daysBetween, type KeyKind, startOfDay } from './layout';
import type { S3Calls } from './s3-calls';

/** Which trees to read under each account. */
export type Tree = 'CloudTrail' | 'CloudTrail-Insight' | 'CloudTrail-Digest';

const KIND_OF_TREE: Record<Tree, KeyKind> = {
  CloudTrail: 'log',
  'CloudTrail-Insight': 'insight',
  'CloudTrail-Digest': 'digest',
};

/** What to walk. Times are epoch milliseconds. */
export interface WalkPlan {
  prefix: string;
  organizationId: string | undefined;
  accounts: readonly string[] | undefined;
  regions: readonly string[] | undefined;
  trees: readonly Tree[];
  /** File-name times to include (the event range widened by the look-back). */
  fileFrom: number | undefined;
  fileTo: number | undefined;
  /** Per folder, the last key already processed (resume). */
  resume: Readonly<Record<string, string>>;
  /** Called for keys skipped because they are not files of the walked tree. */
  onSkip: (key: string) => void;
}

/** One object to read. */
export interface WalkItem {
  folder: string;
  key: string;
  size: number;
}

/**
 * Walk the CloudTrail layout without listing the whole bucket: discover org ids, accounts and regions with
 * delimiter listings (skipped when given), then list only the day folders inside the time range, starting
 * after the resume key or the first file time in range (without a time range, each region folder is listed
 * whole, from the resume key). Yields keys in folder order, then key order.
 */
export async function* walkLayout(
  calls: S3Calls,
  plan: WalkPlan,
  signal: AbortSignal,
): AsyncGenerator<WalkItem> {
  const base = `${plan.prefix}AWSLogs/`;
  let accountBases: string[];
  if (plan.organizationId !== undefined) {
    accountBases = [`${base}${plan.organizationId}/`];
  } else {
    const children = await calls.childPrefixes(base, signal);
    accountBases = children.filter((p) => /\/o-[a-z0-9]{10,32}\/$/.test(p));
    if (children.some((p) => /\/\d{12}\/$/.test(p))) accountBases.unshift(base);
  }
  for (const accountBase of accountBases) {
    const accounts = plan.accounts
      ? [...plan.accounts].sort().map((account) => `${accountBase}${account}/`)
      : (await calls.childPrefixes(accountBase, signal)).filter((p) => /\/\d{12}\/$/.test(p));
    for (const account of accounts) {
      for (const tree of plan.trees) {
        const treePrefix = `${account}${tree}/`;
        const regions = plan.regions
          ? [...plan.regions].sort().map((region) => `${treePrefix}${region}/`)
          : await calls.childPrefixes(treePrefix, signal);
        for (const folder of regions) {
          yield* walkFolder(calls, plan, folder, tree, signal);
        }
      }
    }
  }
}

async function* walkFolder(
  calls: S3Calls,
  plan: WalkPlan,
  folder: string,
  tree: Tree,
  signal: AbortSignal,
): AsyncGenerator<WalkItem> {
  const resumeKey = plan.resume[folder];
  const resumeDay = resumeKey ? dayOfKey(resumeKey, folder) : undefined;
  const fromDay = maxTime(
    plan.fileFrom !== undefined ? startOfDay(new Date(plan.fileFrom)).getTime() : undefined,
    resumeDay,
  );
  // No time range: the region folder is listed flat (its keys sort by day, then by file time), one call per
  // 1,000 keys instead of delimiter listings of its years, months and days and one listing per day folder.
  const days =
    plan.fileFrom !== undefined
      ? daysBetween(new Date(fromDay ?? plan.fileFrom), new Date(plan.fileTo ?? Date.now())).map(
          (day) => `${folder}${dayPath(day)}`,
        )
      : plan.fileTo === undefined
        ? [folder]
        : await discoverDays(calls, folder, fromDay, plan.fileTo, signal);
  const kind = KIND_OF_TREE[tree];
  const parts = folder.split('/');
  const account = parts[parts.length - 4];
  const region = parts[parts.length - 2];
  for (const day of days) {
    let startAfter = resumeKey?.startsWith(day) ? resumeKey : undefined; // `day` may be the whole folder
    if (plan.fileFrom !== undefined && tree !== 'CloudTrail-Digest') {
      // file names sort by time inside a day folder: start listing at the first time in range
      const fileTag = tree === 'CloudTrail' ? 'CloudTrail' : 'CloudTrail-Insight';
      const first = `${day}${account}_${fileTag}_${region}_${compactTime(new Date(plan.fileFrom))}`;
      if (first > (startAfter ?? '')) startAfter = first;
    }
    for await (const page of calls.list(day, { delimited: false, startAfter, signal })) {
      for (const { key, size } of page.keys) {
        const layout = classifyKey(key);
        if (layout.kind !== kind || layout.folder !== folder) {
          plan.onSkip(key);
          continue;
        }
        const time = layout.time?.getTime();
        if (time !== undefined && plan.fileTo !== undefined && time > plan.fileTo) continue;
        if (time !== undefined && plan.fileFrom !== undefined && time < plan.fileFrom) continue;
        yield { folder, key, size };
      }
    }
  }
}

/** Day folders (`.../YYYY/MM/DD/`) under a region folder, found by delimiter listings, from `fromDay` on. */
async function discoverDays(
  calls: S3Calls,
  folder: string,
  fromDay: number | undefined,
  fileTo: number | undefined,
  signal: AbortSignal,
): Promise<string[]> {
  const inRange = (start: number, end: number) =>
    (fromDay === undefined || end > fromDay) && (fileTo === undefined || start <= fileTo);
  const out: string[] = [];
  for (const year of await calls.childPrefixes(folder, signal)) {
    const y = Number(year.slice(folder.length, -1));
    if (!Number.isInteger(y) || !inRange(Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1))) continue;
    for (const month of await calls.childPrefixes(year, signal)) {
      const m = Number(month.slice(year.length, -1));
      if (!Number.isInteger(m) || !inRange(Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1))) continue;
      for (const day of await calls.childPrefixes(month, signal)) {
        const d = Number(day.slice(month.length, -1));
        if (!Number.isInteger(d) || !inRange(Date.UTC(y, m - 1, d), Date.UTC(y, m - 1, d + 1))) continue;
        out.push(day);
      }
    }
  }
  return out;
}

function dayOfKey(key: string, folder: string): number | undefined {
  const match = /^(\d{4})\/(\d{2})\/(\d{2})\//.exec(key.slice(folder.length));
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
}

function maxTime(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
