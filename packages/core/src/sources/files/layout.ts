/**
 * The CloudTrail S3 key layout, as found on disk after a download:
 * `…/AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json.gz`.
 */

/** What a path tells about its place in the layout (each part only when the path reaches it). */
export interface LayoutInfo {
  orgId?: string;
  account?: string;
  /** `CloudTrail`, `CloudTrail-Digest`, `CloudTrail-Insight`, ... */
  kind?: string;
  region?: string;
  year?: number;
  month?: number;
  day?: number;
  /** Delivery time from a log file's name (ms since epoch). */
  fileTime?: number;
}

const ACCOUNT = /^\d{12}$/;
const ORG = /^o-[a-z0-9]{10,32}$/;
const FILE_NAME = /^(\d{12})_(CloudTrail(?:-[A-Za-z]+)?)_([a-z0-9-]+)_(\d{8}T\d{4}Z)_/;

/**
 * Read the layout from a path's segments (`/`-separated, absolute or relative). Returns `undefined` when
 * there is no `AWSLogs` segment followed by an account id.
 */
export function layoutOf(path: string): LayoutInfo | undefined {
  const parts = path.split(/[\\/]+/).filter((p) => p !== '');
  const at = parts.lastIndexOf('AWSLogs');
  if (at === -1) return undefined;
  let i = at + 1;
  const info: LayoutInfo = {};
  if (parts[i] !== undefined && ORG.test(parts[i] as string)) info.orgId = parts[i++];
  const account = parts[i];
  if (account === undefined) return info;
  if (!ACCOUNT.test(account)) return undefined;
  info.account = account;
  const rest = parts.slice(i + 1);
  const [kind, region, year, month, day, file] = rest;
  if (kind === undefined) return info;
  info.kind = kind;
  if (region === undefined) return info;
  info.region = region;
  const y = digits(year, 4);
  if (y === undefined) return info;
  info.year = y;
  const m = digits(month, 2);
  if (m === undefined) return info;
  info.month = m;
  const d = digits(day, 2);
  if (d === undefined) return info;
  info.day = d;
  const match = file === undefined ? null : FILE_NAME.exec(file);
  if (match) info.fileTime = parseCompactTime(match[4] as string);
  return info;
}

/** Kinds of folders under the account that hold no events: skipped while walking. */
export function isSkippedKind(kind: string): boolean {
  return kind === 'CloudTrail-Digest' || kind === 'CloudTrail-Insight';
}

/**
 * The time range `[start, end)` (ms) a layout path covers by its date folders, or `undefined` when the
 * path does not reach a year folder.
 */
export function dateRange(info: LayoutInfo): { start: number; end: number } | undefined {
  if (info.year === undefined) return undefined;
  if (info.month === undefined)
    return { start: Date.UTC(info.year, 0, 1), end: Date.UTC(info.year + 1, 0, 1) };
  if (info.day === undefined) {
    return { start: Date.UTC(info.year, info.month - 1, 1), end: Date.UTC(info.year, info.month, 1) };
  }
  const start = Date.UTC(info.year, info.month - 1, info.day);
  return { start, end: start + 86_400_000 };
}

function digits(text: string | undefined, length: number): number | undefined {
  if (text === undefined || text.length !== length || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/** `20230710T1145Z` → ms since epoch. */
function parseCompactTime(text: string): number {
  return Date.UTC(
    Number(text.slice(0, 4)),
    Number(text.slice(4, 6)) - 1,
    Number(text.slice(6, 8)),
    Number(text.slice(9, 11)),
    Number(text.slice(11, 13)),
  );
}
