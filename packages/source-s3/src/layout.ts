/** The CloudTrail key layout: `[prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>`. */

/** What kind of object a key names. */
export type KeyKind = 'log' | 'digest' | 'insight' | 'other';

/** A key understood as part of the CloudTrail layout. */
export interface LayoutKey {
  kind: KeyKind;
  /** The folder of its account and region, e.g. `AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/`. */
  folder: string;
  account: string;
  region: string;
  /** The time in the file name (log and insight files), or undefined. */
  time: Date | undefined;
}

const LAYOUT =
  /^(.*?)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/(CloudTrail|CloudTrail-Digest|CloudTrail-Insight)\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)$/;
const LOG_FILE = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json(?:\.gz)?$/;
const INSIGHT_FILE = /^(\d{12})_CloudTrail-Insight_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json(?:\.gz)?$/;

/** Classify a key: a log file, a digest, an Insights file, or anything else (`other`). */
export function classifyKey(key: string): LayoutKey {
  const match = LAYOUT.exec(key);
  if (!match) return { kind: 'other', folder: '', account: '', region: '', time: undefined };
  const [, root, org, account, tree, region, , , , file] = match as unknown as string[];
  const folder = `${root}AWSLogs/${org ? `${org}/` : ''}${account}/${tree}/${region}/`;
  const base = { folder, account: account!, region: region! };
  if (tree === 'CloudTrail-Digest') return { kind: 'digest', ...base, time: undefined };
  const name = tree === 'CloudTrail' ? LOG_FILE.exec(file!) : INSIGHT_FILE.exec(file!);
  if (!name || name[1] !== account || name[2] !== region) return { kind: 'other', ...base, time: undefined };
  return { kind: tree === 'CloudTrail' ? 'log' : 'insight', ...base, time: parseCompactTime(name[3]!) };
}

/** `20261101T0905Z` → Date. */
export function parseCompactTime(text: string): Date {
  return new Date(
    `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(9, 11)}:${text.slice(11, 13)}:00Z`,
  );
}

/** `Date` → `20261101T0905Z`. */
export function compactTime(time: Date): string {
  const iso = time.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/** `YYYY/MM/DD/` of a UTC day. */
export function dayPath(day: Date): string {
  const iso = day.toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/`;
}

/** The start of the UTC day of `time`. */
export function startOfDay(time: Date): Date {
  return new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate()));
}

/** The UTC days from `from` to `to` (inclusive), as day starts. */
export function daysBetween(from: Date, to: Date): Date[] {
  const days: Date[] = [];
  for (
    let day = startOfDay(from);
    day.getTime() <= to.getTime();
    day = new Date(day.getTime() + 86_400_000)
  ) {
    days.push(day);
  }
  return days;
}
