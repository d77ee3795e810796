/** Build the `Source` for the scan inputs. Remote sources are loaded only when used. */
import { filesSource, type Source } from '@trailkit/core';
import { UsageError } from './errors';
import { clientConfig, type ParsedInput, parseInput, pluginFactory, type SourceSettings } from './inputs';

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

async function s3(input: { bucket: string; prefix: string }, s: SourceSettings): Promise<Source> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const factory = pluginFactory(
    await import('@trailkit/source-s3'),
    's3Source',
    '@trailkit/source-s3',
    's3://',
  );
  const client = new S3Client({
    ...clientConfig(s),
    ...(s.endpoint ? { forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return factory({
    client,
    bucket: input.bucket,
    prefix: input.prefix,
    accounts: s.accounts,
    regions: s.regions,
    since: s.since,
    until: s.until,
    ...(s.orgId ? { orgIds: [s.orgId], orgId: s.orgId } : {}),
  });
}

async function sqs(input: { queueUrl: string }, s: SourceSettings): Promise<Source> {
  const { SQSClient } = await import('@aws-sdk/client-sqs');
  const { S3Client } = await import('@aws-sdk/client-s3');
  const factory = pluginFactory(
    await import('@trailkit/source-s3'),
    'sqsSource',
    '@trailkit/source-s3',
    'sqs://',
  );
  const client = new SQSClient(clientConfig(s));
  const s3Client = new S3Client({
    ...clientConfig(s),
    ...(s.endpoint ? { forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return factory({
    client,
    sqsClient: client,
    s3Client,
    queueUrl: input.queueUrl,
    accounts: s.accounts,
    regions: s.regions,
  });
}

async function cwl(input: { logGroupName: string }, s: SourceSettings): Promise<Source> {
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  const factory = pluginFactory(
    await import('@trailkit/source-cloudwatch-logs'),
    'cloudWatchLogsSource',
    '@trailkit/source-cloudwatch-logs',
    'cwl://',
  );
  return factory({
    client: new CloudWatchLogsClient(clientConfig(s)),
    logGroupName: input.logGroupName,
    since: s.since,
    until: s.until,
    follow: s.follow ?? false,
    ...(s.pattern ? { filterPattern: s.pattern } : {}),
  });
}

async function athena(input: { database: string; table: string }, s: SourceSettings): Promise<Source> {
  const { AthenaClient } = await import('@aws-sdk/client-athena');
  const factory = pluginFactory(
    await import('@trailkit/source-athena'),
    'athenaSource',
    '@trailkit/source-athena',
    'athena://',
  );
  return factory({
    client: new AthenaClient(clientConfig(s)),
    database: input.database,
    table: input.table,
    workgroup: s.workgroup,
    outputLocation: s.outputLocation,
    accounts: s.accounts,
    regions: s.regions,
    since: s.since,
    until: s.until,
  });
}
