import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { defineSink, type Finding, type Sink, type TrailEvent } from '@trailkit/core';
import { gunzipSync, gzipSync } from 'node:zlib';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

/** A real log file of the bundled samples (invictus-ir/aws_dataset, MIT): its key and records. */
export interface RealLogFile {
  key: string;
  body: Buffer;
  eventIDs: string[];
}

/** The real CloudTrail log files bundled in `samples/AWSLogs`, with the keys CloudTrail gave them. */
export function realLogFiles(): RealLogFile[] {
  const out: RealLogFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json.gz')) {
        const body = readFileSync(path);
        const { Records } = JSON.parse(gunzipSync(body).toString('utf8')) as {
          Records: Array<{ eventID: string }>;
        };
        out.push({ key: relative(SAMPLES, path), body, eventIDs: Records.map((r) => r.eventID) });
      }
    }
  };
  walk(join(SAMPLES, 'AWSLogs'));
  return out;
}

/** Records of a Stratus Red Team detonation (bundled, Apache-2.0), e.g. `aws.defense-evasion.cloudtrail-stop`. */
export function stratusRecords(name: string): Array<Record<string, any>> {
  return JSON.parse(readFileSync(join(SAMPLES, 'stratus-red-team', `${name}.json`), 'utf8'));
}

/** Upload records as a gzip CloudTrail log file (`{"Records":[...]}`) under a CloudTrail key. */
export async function putLogFile(
  s3: S3Client,
  bucket: string,
  records: readonly Record<string, unknown>[],
  name: string,
): Promise<string> {
  const key = `AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/01/111111111111_CloudTrail_us-east-1_20261201T1000Z_${name}.json.gz`;
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: gzipSync(JSON.stringify({ Records: records })) }),
  );
  return key;
}

/** A sink that keeps what it was given; `delayMs` makes every write slow. */
export function recordingSink<T = TrailEvent | Finding>(
  options: { delayMs?: number; fail?: (items: readonly T[]) => boolean } = {},
): Sink<T> & { items: T[] } {
  const items: T[] = [];
  const sink = defineSink<T>({
    name: 'recording',
    async write(batch) {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (options.fail?.(batch)) throw Object.assign(new Error('sink down'), { isRetryable: false });
      items.push(...batch);
    },
  });
  return Object.assign(sink, { items });
}
