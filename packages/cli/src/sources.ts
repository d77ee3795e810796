/** Build the `Source` for the scan inputs. Remote sources are loaded only when used. */
import type { AthenaClientConfig } from '@aws-sdk/client-athena';
import type { CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import { filesSource, type Source } from '@trailkit/core';
import { s3CompatibleConfig } from '@trailkit/core/plugin';
import { UsageError } from './errors';
import { clientConfig, type ParsedInput, parseInput, type SourceSettings } from './inputs';

/** The source reading every input: local paths together, or exactly one remote URI. */
export async function sourceFor(inputs: readonly string[], s: SourceSettings): Promise<Source> {
  if (inputs.length === 0)
    throw new UsageError('scan needs at least one input (a path, s3://, sqs://, cwl:// or athena://)');
  const parsed = inputs.map(parseInput);
  const remote = parsed.filter((p) => p.kind !== 'files');
  if (remote.length > 0 && parsed.length > 1) {
    throw new UsageError(
      'scan one remote input (s3://, sqs://, cwl://, athena://) at a time, without local paths',
    );
  }
  const first = parsed[0] as ParsedInput;
  if (first.kind !== 'files' && s.follow && first.kind !== 'cwl') {
    throw new UsageError('--follow works with cwl:// inputs only');
  }
  switch (first.kind) {
    case 'files':
      return filesSource({
        paths: parsed.map((p) => (p as { path: string }).path),
        accounts: s.accounts,
        regions: s.regions,
        since: s.since,
        until: s.until,
        ...(s.concurrency ? { concurrency: s.concurrency } : {}),
      });
    case 's3':
      return s3(first, s);
    case 'sqs':
      return sqs(first, s);
    case 'cwl':
      return cwl(first, s);
    case 'athena':
      return athena(first, s);
  }
}

/** Client settings for S3: core's S3-compatible settings for a custom endpoint; checksums only when required. */
function s3Config(s: SourceSettings): S3ClientConfig {
  const base = clientConfig(s);
  if (s.endpoint) return { ...base, ...s3CompatibleConfig(s.endpoint, s.awsRegion) };
  return {
    ...base,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

async function s3(input: { bucket: string; prefix: string }, s: SourceSettings): Promise<Source> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { s3Source } = await import('@trailkit/source-s3');
  return s3Source({
    client: new S3Client(s3Config(s)),
    bucket: input.bucket,
    prefix: input.prefix === '' ? undefined : input.prefix,
    organizationId: s.orgId,
    accounts: s.accounts,
    regions: s.regions,
    since: s.since,
    until: s.until,
    ...(s.concurrency ? { concurrency: s.concurrency } : {}),
  });
}

async function sqs(input: { queueUrl: string }, s: SourceSettings): Promise<Source> {
  const { SQSClient } = await import('@aws-sdk/client-sqs');
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { sqsSource } = await import('@trailkit/source-s3');
  if (s.accounts || s.regions || s.since || s.until) {
    throw new UsageError(
      'sqs:// reads what the queue delivers: --account, --region, --since and --until do not apply',
    );
  }
  return sqsSource({
    client: new SQSClient(clientConfig(s) as SQSClientConfig),
    s3Client: new S3Client(s3Config({ ...s, endpoint: s.s3Endpoint ?? s.endpoint })),
    queueUrl: input.queueUrl,
    stopWhenEmpty: s.stopWhenEmpty ?? false,
    // "empty" means one short poll found nothing; a long-running worker keeps the 20 s long poll
    ...(s.stopWhenEmpty ? { waitTimeSeconds: 1 } : {}),
    ...(s.concurrency ? { concurrency: s.concurrency } : {}),
  });
}

async function cwl(input: { logGroupName: string }, s: SourceSettings): Promise<Source> {
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  const { cloudWatchLogsSource } = await import('@trailkit/source-cloudwatch-logs');
  if (s.accounts || s.regions) {
    throw new UsageError('cwl:// reads one log group: --account and --region do not apply (use --pattern)');
  }
  return cloudWatchLogsSource({
    client: new CloudWatchLogsClient(clientConfig(s) as CloudWatchLogsClientConfig),
    logGroupName: input.logGroupName,
    since: s.since,
    until: s.until,
    follow: s.follow ?? false,
    ...(s.pattern ? { pattern: s.pattern } : {}),
  });
}

async function athena(input: { database: string; table: string }, s: SourceSettings): Promise<Source> {
  const { AthenaClient } = await import('@aws-sdk/client-athena');
  const { athenaSource } = await import('@trailkit/source-athena');
  if (!s.since) throw new UsageError('athena:// needs --since (it bounds the partitions the query scans)');
  return athenaSource({
    client: new AthenaClient(clientConfig(s) as AthenaClientConfig),
    database: input.database,
    table: input.table,
    workGroup: s.workgroup,
    outputLocation: s.outputLocation,
    filters: {
      since: s.since,
      until: s.until,
      accounts: s.accounts,
      regions: s.regions,
      ...(s.pattern ? { pattern: s.pattern } : {}),
    },
  });
}
