/** CloudTrail digest file names: `<account>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_<YYYYMMDDTHHmmssZ>.json.gz`. */

/** What a digest key says about itself. */
export interface DigestKeyInfo {
  account: string;
  region: string;
  trail: string;
  homeRegion: string;
  /** The time in the name (the digest's end time, to the second). */
  time: Date;
}

const NAME =
  /^(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z]{2}(?:-[a-z]+)+-\d+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.json(?:\.gz)?$/;

/** Read a digest key (any prefix before the file name), or undefined when it is not a digest name (backfill digests included). */
export function parseDigestKey(key: string): DigestKeyInfo | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const m = NAME.exec(name);
  if (!m) return undefined;
  const [, account, region, trail, homeRegion, y, mo, d, h, mi, s] = m as unknown as string[];
  const time = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  if (!Number.isFinite(time.getTime())) return undefined;
  return { account: account!, region: region!, trail: trail!, homeRegion: homeRegion!, time };
}

/** The log file time in a log key (`..._20261101T0905Z_...`), or undefined. */
export function logKeyTime(key: string): Date | undefined {
  const m = /_CloudTrail_[a-z0-9-]+_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[A-Za-z0-9]+\.json(?:\.gz)?$/.exec(
    key,
  );
  if (!m) return undefined;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`);
}

/** The UTC days from `from` to `to` (inclusive) as `YYYY/MM/DD/` folder names. */
export function dayFolders(from: Date, to: Date): string[] {
  const out: string[] = [];
  const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let t = first; t <= to.getTime(); t += 86_400_000) {
    const iso = new Date(t).toISOString();
    out.push(`${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/`);
  }
  return out;
}
