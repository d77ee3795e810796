/**
 * s3-to-file: read CloudTrail log files from an S3 bucket (the CloudTrail key layout) and write them as
 * gzip NDJSON files partitioned by account/region/date. Resumable: the position is saved in a checkpoint
 * file, so running it again continues where it stopped.
 *
 * Configure with environment variables:
 *   TRAIL_BUCKET   bucket CloudTrail delivers to (required)
 *   TRAIL_PREFIX   the trail's key prefix, if any
 *   ORG_ID         organization trail id (o-...), discovered when missing
 *   ACCOUNTS       comma-separated account ids (default: every account found)
 *   REGIONS        comma-separated regions (default: every region found)
 *   SINCE, UNTIL   time range (ISO-8601), e.g. SINCE=2026-11-01
 *   OUT_DIR        output directory (default: out)
 *   CHECKPOINT     checkpoint file (default: .trailkit/s3-to-file.json)
 *   CONCURRENCY    objects read at once (default: 8)
 *   AWS_REGION and the usual AWS credential variables / profiles
 *   S3_ENDPOINT    an S3-compatible endpoint instead of AWS (path-style), e.g. for local tests
 */
import { pathToFileURL } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { fileCheckpoint, pipeline, type RunSummary } from '@trailkit/core';
import { s3CompatibleConfig } from '@trailkit/core/plugin';
import { fileSink } from '@trailkit/sink-file';
import { s3Source } from '@trailkit/source-s3';

const list = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

/** Run the copy with the given environment; resolves with the run summary. */
export async function main(env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<RunSummary> {
  const bucket = env.TRAIL_BUCKET;
  if (!bucket) throw new Error('set TRAIL_BUCKET to the bucket CloudTrail delivers to');
  const region = env.AWS_REGION ?? 'us-east-1';
  const client = new S3Client({
    region,
    ...(env.S3_ENDPOINT ? s3CompatibleConfig(env.S3_ENDPOINT, region) : {}),
  });
  const source = s3Source({
    bucket,
    prefix: env.TRAIL_PREFIX,
    organizationId: env.ORG_ID,
    accounts: list(env.ACCOUNTS),
    regions: list(env.REGIONS),
    since: env.SINCE,
    until: env.UNTIL,
    concurrency: env.CONCURRENCY ? Number(env.CONCURRENCY) : 8,
    client,
  });
  try {
    return await pipeline()
      .from(source)
      .to(fileSink({ dir: env.OUT_DIR ?? 'out', gzip: true, partitionBy: 'account/region/date' }))
      .run({
        signal,
        checkpoint: fileCheckpoint(env.CHECKPOINT ?? '.trailkit/s3-to-file.json'),
        onInvalid: 'skip',
      });
  } finally {
    client.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const summary = await main(process.env, controller.signal);
  console.log(
    JSON.stringify({
      objects: summary.objects,
      bytes: summary.bytes,
      events: summary.events.read,
      invalid: summary.events.invalid,
      position: summary.position,
    }),
  );
}
