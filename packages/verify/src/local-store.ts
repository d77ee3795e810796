import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { VerifyError } from './errors';
import type { StoredSignature, TrailStore } from './trail-store';

/** Options of {@link localTrailStore}. */
export interface LocalTrailStoreOptions {
  /** The directory holding `AWSLogs/` (or the `AWSLogs` directory itself). */
  dir: string;
  /**
   * Where to find signatures of digests that have no sidecar file, e.g. `s3TrailStore({ bucket })` (read by
   * `HeadObject`). Without it, and without sidecars, signatures are not checked (and results say so).
   */
  signatures?: Pick<TrailStore, 'signatureOf'>;
}

/** The sidecar file trailkit writes beside a downloaded digest: `<digest>.metadata.json`. */
export const SIGNATURE_SIDECAR_SUFFIX = '.metadata.json';

/**
 * A trail downloaded to disk (`<dir>/AWSLogs/...`, as `aws s3 sync` leaves it). Hashes and the chain are
 * checked from the files; signatures from a sidecar beside each digest (`<digest>.metadata.json` holding the
 * S3 metadata `{"signature", "signature-algorithm"}`), else from `signatures` (S3 `HeadObject`), else not.
 */
export function localTrailStore(options: LocalTrailStoreOptions): TrailStore {
  const absolute = resolve(options.dir);
  const base = basename(absolute) === 'AWSLogs' ? dirname(absolute) : absolute;
  const path = (key: string) => join(base, ...key.split('/'));
  const fail = (what: string, cause: unknown) =>
    new VerifyError('VERIFY_STORE_FAILED', `${options.dir}: ${what}: ${String(cause)}`, { cause });
  const signatureOf = options.signatures?.signatureOf?.bind(options.signatures);
  return {
    name: options.dir,
    root: '',
    signatures: 'sidecar',
    async listFolders(prefix) {
      try {
        const entries = await readdir(path(prefix), { withFileTypes: true });
        return entries
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .sort();
      } catch (e) {
        if (isMissing(e)) return [];
        throw fail(`listing ${prefix}`, e);
      }
    },
    async *listKeys(prefix) {
      const walk = async function* (folder: string): AsyncGenerator<string> {
        let entries: import('node:fs').Dirent[];
        try {
          entries = await readdir(path(folder), { withFileTypes: true });
        } catch (e) {
          if (isMissing(e)) return;
          throw fail(`listing ${folder}`, e);
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const e of entries) {
          if (e.isDirectory()) yield* walk(`${folder}${e.name}/`);
          else if (e.isFile() && !e.name.endsWith(SIGNATURE_SIDECAR_SUFFIX)) yield `${folder}${e.name}`;
        }
      };
      yield* walk(prefix);
    },
    locate: (_bucket, s3Key) => {
      const at = s3Key.indexOf('AWSLogs/');
      return at === -1 ? s3Key : s3Key.slice(at);
    },
    isOwnLocation: (key, _bucket, s3Key) => s3Key === key || s3Key.endsWith(`/${key}`),
    async readDigest(key) {
      let body: Buffer;
      try {
        body = await readFile(path(key));
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw fail(`reading ${key}`, e);
      }
      return { body, signature: await readSidecar(`${path(key)}${SIGNATURE_SIDECAR_SUFFIX}`) };
    },
    ...(signatureOf ? { signatureOf } : {}),
    async readObject(key) {
      const file = path(key);
      try {
        if (!(await stat(file)).isFile()) return undefined;
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw fail(`reading ${key}`, e);
      }
      return createReadStream(file, { highWaterMark: 256 * 1024 });
    },
  };
}

async function readSidecar(file: string): Promise<StoredSignature | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const meta = JSON.parse(text) as Record<string, unknown>;
    const signature = meta.signature;
    const algorithm = meta['signature-algorithm'];
    return typeof signature === 'string' && typeof algorithm === 'string'
      ? { signature, algorithm }
      : undefined;
  } catch {
    return undefined;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
