/** Unique file names: time + per-instance random + sequence, so several processes can share a directory. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** Suffix of files still being written. */
export const TEMP_SUFFIX = '.tmp';

/** `20260125T114500123Z` for a time. */
export function compactTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** A fresh random id for one sink instance (8 hex characters). */
export function instanceId(): string {
  return randomBytes(4).toString('hex');
}

/** Final and temp names for the `seq`-th file of an instance in `dir` (OCSF files end in `.ocsf.ndjson`). */
export function rotatingNames(
  dir: string,
  prefix: string,
  instance: string,
  seq: number,
  gzip: boolean,
  extension: 'ndjson' | 'csv' | 'ocsf' | 'parquet' | 'findings.parquet' = 'ndjson',
): { finalPath: string; tempPath: string } {
  const ext = extension === 'ocsf' ? 'ocsf.ndjson' : extension;
  const name = `${prefix}-${compactTime(Date.now())}-${instance}-${String(seq).padStart(4, '0')}.${ext}${gzip ? '.gz' : ''}`;
  return { finalPath: join(dir, name), tempPath: join(dir, `.${name}${TEMP_SUFFIX}`) };
}
