/** Build the `Source` for the scan inputs. Remote sources are loaded only when used. */
import type { AccountClientConfig } from '@aws-sdk/client-account';
import type { AthenaClientConfig } from '@aws-sdk/client-athena';
import type { CloudTrailClientConfig } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import { filesSource, type Source } from '@trailkit/core';
import { s3CompatibleConfig } from '@trailkit/core/plugin';
import { UsageError } from './errors';
import { clientConfig, envCredentials, type ParsedInput, parseInput, type SourceSettings } from './inputs';

/** The source reading every input: local paths together, or exactly one remote URI. */
export async function sourceFor(inputs: readonly string[], s: SourceSettings): Promise<Source> {
  if (inputs.length === 0)
    throw new UsageError(
      'scan needs at least one input (a path, s3://, sqs://, cwl://, athena://, lookup:// or lake://)',
    );
  const parsed = inputs.map(parseInput);
  const remote = parsed.filter((p) => p.kind !== 'files');
  if (remote.length > 0 && parsed.length > 1) {
    throw new UsageError(
      'scan one remote input (s3://, sqs://, cwl://, athena://, lookup://, lake://) at a time, without local paths',
    );
  }
  const first = parsed[0] as ParsedInput;
  if (first.kind !== 'files' && s.follow && first.kind !== 'cwl') {
    throw new UsageError('--follow works with cwl:// inputs only');
  }
  const local = first.kind === 'files' || first.kind === 'duckdb';
  if (!local && (s.assumeRole || s.accountsFromOrg)) return multiAccount(first, s);
  if (s.assumeRole || s.accountsFromOrg) {
    throw new UsageError(
      '--assume-role and --accounts-from-org work with remote inputs only (s3://, lookup://, ...)',
    );
  }
  if (first.kind === 'files') {
    return filesSource({
      paths: parsed.map((p) => (p as { path: string }).path),
      accounts: s.accounts,
      regions: s.regions,
      since: s.since,
      until: s.until,
      ...(s.concurrency ? { concurrency: s.concurrency } : {}),
    });
  }
  return remoteSource(first, s);
}

/** The source of one remote input. */
async function remoteSource(
  first: Exclude<ParsedInput, { kind: 'files' }>,
  s: SourceSettings,
): Promise<Source> {
  switch (first.kind) {
    case 's3':
      return s3(first, s);
    case 'sqs':
      return sqs(first, s);
    case 'cwl':
      return cwl(first, s);
    case 'athena':
      return athena(first, s);
    case 'lookup':
      return lookup(first, s);
    case 'lake':
      return lake(first, s);
    case 'duckdb':
      return duckdb(first, s);
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
    ...(s.listAhead ? { listAhead: s.listAhead } : {}),
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

/** The filters of the history sources: time range, --pattern, and --account as a where() criterion. */
function historyFilters(s: SourceSettings) {
  return {
    since: s.since,
    until: s.until,
    ...(s.pattern ? { pattern: s.pattern } : {}),
    ...(s.accounts ? { where: { accountId: s.accounts } } : {}),
  };
}

async function lookup(input: { regions: string[] | undefined }, s: SourceSettings): Promise<Source> {
  const { enabledRegions, lookupEventsSource } = await import('@trailkit/source-cloudtrail');
  if (input.regions && s.regions) {
    throw new UsageError('lookup:// names its regions in the URI or with --region, not both');
  }
  // default: every region enabled in the account (AWS Account ListRegions, a global API in us-east-1)
  const accountEndpoint = s.env.AWS_ENDPOINT_URL_ACCOUNT;
  const base = clientConfig(s);
  const enabled = enabledRegions({
    clientConfig: {
      region: 'us-east-1',
      ...(base.credentials ? { credentials: base.credentials as AccountClientConfig['credentials'] } : {}),
      ...(accountEndpoint ? { endpoint: accountEndpoint } : {}),
    },
  });
  return lookupEventsSource({
    clientConfig: base as CloudTrailClientConfig,
    regions: input.regions ?? s.regions ?? enabled,
    filters: historyFilters(s),
  });
}

async function lake(input: { eventDataStore: string }, s: SourceSettings): Promise<Source> {
  const { cloudTrailLakeSource } = await import('@trailkit/source-cloudtrail');
  const filters = historyFilters(s);
  if (s.regions) Object.assign(filters, { where: { ...(filters.where ?? {}), region: s.regions } });
  return cloudTrailLakeSource({
    clientConfig: clientConfig(s) as CloudTrailClientConfig,
    eventDataStore: input.eventDataStore,
    filters,
  });
}

/**
 * `--assume-role` / `--accounts-from-org`: the input read in every account (`--account`, or every ACTIVE
 * account of the organization) through the role. STS and Organizations endpoints come from
 * `$AWS_ENDPOINT_URL_STS` / `$AWS_ENDPOINT_URL_ORGANIZATIONS` when set.
 */
async function multiAccount(
  input: Exclude<ParsedInput, { kind: 'files' }>,
  s: SourceSettings,
): Promise<Source> {
  if (!s.assumeRole) throw new UsageError('--accounts-from-org needs --assume-role <role name>');
  if (s.accountsFromOrg && s.accounts)
    throw new UsageError('give --account or --accounts-from-org, not both');
  if (!s.accountsFromOrg && !s.accounts) {
    throw new UsageError('--assume-role needs the accounts: --account <ids> or --accounts-from-org');
  }
  if (s.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(s.externalId)) {
    throw new UsageError('--external-id must be 2 to 1224 characters of letters, digits and +=,.@:/-');
  }
  const { OrganizationsClient } = await import('@aws-sdk/client-organizations');
  const { multiAccountSource } = await import('@trailkit/multi-account');
  const master = envCredentials(s.env);
  const stsEndpoint = s.env.AWS_ENDPOINT_URL_STS;
  const orgEndpoint = s.env.AWS_ENDPOINT_URL_ORGANIZATIONS;
  return multiAccountSource({
    roleName: s.assumeRole,
    ...(s.externalId ? { externalId: s.externalId } : {}),
    ...(s.accounts ? { accounts: s.accounts } : {}),
    ...(s.accountsFromOrg
      ? {
          organizationsClient: new OrganizationsClient({
            // Organizations is a global service whose endpoint is in us-east-1
            region: 'us-east-1',
            ...(orgEndpoint ? { endpoint: orgEndpoint } : {}),
            ...(master ? { credentials: master } : {}),
          }),
        }
      : {}),
    stsClientConfig: { region: s.awsRegion, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}) },
    ...(master ? { masterCredentials: master } : {}),
    // --account chose the accounts to read as: it does not filter their events again
    source: ({ credentials }) =>
      lazySource(() => remoteSource(input, { ...s, accounts: undefined, credentials })),
  });
}

/** A source built on its first read (the plugin modules load asynchronously). */
function lazySource(build: () => Promise<Source>): Source {
  return {
    name: 'account',
    async *read(ctx) {
      const source = await build();
      yield* source.read(ctx);
    },
  };
}

/** `duckdb://<path>`: local files through an embedded DuckDB, the time range, accounts, regions and --pattern pushed into SQL. */
async function duckdb(input: { path: string }, s: SourceSettings): Promise<Source> {
  const { duckdbSource } = await import('@trailkit/source-duckdb');
  return duckdbSource({
    paths: [input.path],
    ...(s.accounts ? { accounts: s.accounts } : {}),
    ...(s.regions ? { regions: s.regions } : {}),
    ...(s.since !== undefined ? { since: s.since } : {}),
    ...(s.until !== undefined ? { until: s.until } : {}),
    ...(s.pattern ? { pattern: s.pattern } : {}),
  });
}
