import { createWriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ConfigError } from '@trailkit/core';
import { dayFolders, logKeyTime, parseDigestKey } from './digest-key';
import { Limiter } from './limiter';
import { findLocations, type LocationFilter } from './locations';
import { SIGNATURE_SIDECAR_SUFFIX } from './local-store';
import type { TrailStore } from './trail-store';

/** Options of {@link downloadTrail}. */
export interface DownloadTrailOptions extends LocationFilter {
  /** Where the trail is, e.g. `s3TrailStore({ bucket })`. */
  from: TrailStore;
  /** The directory to write `AWSLogs/...` into. */
  dir: string;
  /** Log files delivered at or after this time (and their digests). */
  since: Date;
  /** ... and at or before this time. */
  until: Date;
  /** Objects copied at once (default 16). */
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Copy a trail's digests and log files in a range to `dir` (`dir/AWSLogs/...`), writing beside each digest
 * the sidecar `<digest>.metadata.json` with its S3 signature metadata, which a plain download loses: the
 * local tree can then be verified with signatures (`localTrailStore({ dir })`). Files are written under a
 * temporary name and renamed when complete. Resolves with the counts copied.
 */
export async function downloadTrail(
  options: DownloadTrailOptions,
): Promise<{ digests: number; logFiles: number }> {
  if (!(options.since instanceof Date) || !(options.until instanceof Date) || options.since > options.until) {
    throw new ConfigError('downloadTrail', 'since and until must be Dates, since before until');
  }
  const store = options.from;
  const limiter = new Limiter(options.concurrency ?? 16);
  const counts = { digests: 0, logFiles: 0 };
  const target = (key: string) => join(options.dir, ...key.slice(store.root.length).split('/'));
  const digestTo = new Date(options.until.getTime() + 3_600_000);
  const tasks: Array<Promise<void>> = [];
  for (const location of await findLocations(store, options, options.signal)) {
    for (const tree of ['CloudTrail-Digest', 'CloudTrail'] as const) {
      const to = tree === 'CloudTrail' ? options.until : digestTo;
      for (const day of dayFolders(options.since, to)) {
        for await (const key of store.listKeys(
          `${location.accountPrefix}${tree}/${location.region}/${day}`,
          options.signal,
        )) {
          const time = tree === 'CloudTrail' ? logKeyTime(key) : parseDigestKey(key)?.time;
          if (!time || time < options.since || time > to) continue;
          tasks.push(
            limiter.run(async () => {
              const file = target(key);
              await mkdir(dirname(file), { recursive: true });
              if (tree === 'CloudTrail-Digest') {
                const digest = await store.readDigest(key, options.signal);
                if (!digest) return;
                await writeFile(`${file}.partial`, digest.body);
                if (digest.signature) {
                  const meta = {
                    signature: digest.signature.signature,
                    'signature-algorithm': digest.signature.algorithm,
                  };
                  await writeFile(`${file}${SIGNATURE_SIDECAR_SUFFIX}`, JSON.stringify(meta));
                }
                counts.digests += 1;
              } else {
                const body = await store.readObject(key, options.signal);
                if (!body) return;
                await pipeline(body, createWriteStream(`${file}.partial`));
                counts.logFiles += 1;
              }
              await rename(`${file}.partial`, file);
            }),
          );
          if (tasks.length >= 1024) await Promise.all(tasks.splice(0));
        }
      }
    }
  }
  await Promise.all(tasks);
  return counts;
}
