/**
 * What the S3 benchmark measures, one candidate per child process: read the whole tree and count its events.
 * - `sdk`: the bare SDK loop, the baseline: `ListObjectsV2` (all pages), then `concurrency` workers each doing
 *   `GetObject` + `Body.transformToByteArray()` + `gunzipSync` + `JSON.parse(...).Records`. It is what any
 *   reader of this server pays (HTTP, the SDK, s3rver), with nothing of trailkit's.
 * - `s3`: `s3Source({ bucket, concurrency })` read to the end (its layout walk, `parse()`, positions).
 * - `files`: core's `filesSource` on the same objects written to disk.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { filesSource, type ReadContext, type Source } from '@trailkit/core';
import { s3CompatibleConfig } from '@trailkit/core/plugin';
import { s3Source } from '../src/index';

/** A candidate of the benchmark. */
export type Candidate = 'sdk' | 's3' | 'files';

/** What one child measured. */
export interface Measured {
  events: number;
  ms: number;
  cpuMs: number;
  maxRssMb: number;
}

/** Where the candidates read from. */
export interface Target {
  endpoint: string;
  bucket: string;
  /** The tree on disk (for `files`): the folder that holds `AWSLogs/`. */
  dir: string;
}

/** s3rver's static credentials (`S3_TEST_CREDENTIALS` of `@trailkit/testing`, not imported: the child stays small). */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

function client(endpoint: string): S3Client {
  return new S3Client({ ...s3CompatibleConfig(endpoint), credentials: CREDENTIALS });
}

/** The bare SDK loop: list everything, then get, gunzip and `JSON.parse` with `concurrency` workers. */
async function sdkLoop(target: Target, concurrency: number): Promise<number> {
  const s3 = client(target.endpoint);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: target.bucket, Prefix: 'AWSLogs/', ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) keys.push(object.Key!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  let next = 0;
  let events = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const key = keys[next++]!;
      const object = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
      const bytes = await object.Body!.transformToByteArray();
      events += (JSON.parse(gunzipSync(bytes).toString('utf8')) as { Records: unknown[] }).Records.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  s3.destroy();
  return events;
}

async function readAll(source: Source): Promise<number> {
  const ctx: ReadContext = {
    signal: new AbortController().signal,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    onInvalid(error) {
      throw error;
    },
  };
  let events = 0;
  for await (const batch of source.read(ctx)) events += batch.events.length;
  return events;
}

/** Run one candidate and measure it (wall and CPU from its start, peak RSS of the process). */
export async function runCandidate(kind: Candidate, concurrency: number, target: Target): Promise<Measured> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let events: number;
  if (kind === 'sdk') {
    events = await sdkLoop(target, concurrency);
  } else if (kind === 's3') {
    const s3 = client(target.endpoint);
    events = await readAll(s3Source({ bucket: target.bucket, concurrency, client: s3 }));
    s3.destroy();
  } else {
    events = await readAll(filesSource({ paths: [`${target.dir}/AWSLogs`], concurrency }));
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return {
    events,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
