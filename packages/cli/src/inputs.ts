/**
 * Inputs of `trailkit scan`: local paths and globs (core's `filesSource`), or one remote URI: `s3://`,
 * `sqs://`, `cwl://`, `athena://`, `lookup://` (event history), `lake://` (CloudTrail Lake), each read by
 * its plugin package.
 */
import { UsageError } from './errors';

/** What a scan input can be. */
export type InputKind = 'files' | 's3' | 'sqs' | 'cwl' | 'athena' | 'lookup' | 'lake' | 'duckdb';

/** An input after its scheme is recognised. */
export type ParsedInput =
  | { kind: 'files'; path: string }
  | { kind: 's3'; bucket: string; prefix: string }
  | { kind: 'sqs'; queueUrl: string }
  | { kind: 'cwl'; logGroupName: string }
  | { kind: 'athena'; database: string; table: string }
  | { kind: 'lookup'; regions: string[] | undefined }
  | { kind: 'lake'; eventDataStore: string }
  | { kind: 'duckdb'; path: string };

/** Options that reach the sources. */
export interface SourceSettings {
  accounts?: string[];
  regions?: string[];
  since?: Date;
  until?: Date;
  /** `--endpoint`: an S3-compatible (or local AWS) endpoint. */
  endpoint?: string;
  /** `--s3-endpoint`: where `sqs://` reads the notified objects (default: `endpoint`). */
  s3Endpoint?: string;
  /** `--aws-region`: region of the AWS API clients. */
  awsRegion: string;
  /** `--org-id`: organization trail layout (`AWSLogs/o-xxxx/...`). */
  orgId?: string;
  /** `--follow` for `cwl://`. */
  follow?: boolean;
  /** `--stop-when-empty` for `sqs://`. */
  stopWhenEmpty?: boolean;
  /** `--workgroup` for `athena://`. */
  workgroup?: string;
  /** `--output-location` for `athena://`. */
  outputLocation?: string;
  /** `--pattern` text, pushed down where the source can (CloudWatch Logs, Athena). */
  pattern?: string;
  /** `--concurrency`: objects read at once. */
  concurrency?: number;
  /** `s3://`: keys listed ahead of the reads, so the progress bar knows the total (0: none). */
  listAhead?: number;
  /** `--assume-role`: read each account (`--account`, or `--accounts-from-org`) through this role. */
  assumeRole?: string;
  /** `--external-id`: the external id of `--assume-role`. */
  externalId?: string;
  /** `--accounts-from-org`: the accounts are every ACTIVE account of the organization. */
  accountsFromOrg?: boolean;
  /** Credentials for the AWS clients instead of the environment's (an assumed role's). */
  credentials?: unknown;
  /** Environment (for credentials). */
  env: Record<string, string | undefined>;
}

/** Recognise one input argument. */
export function parseInput(input: string): ParsedInput {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(input);
  if (!scheme) return { kind: 'files', path: input };
  const [, name = '', rest = ''] = scheme;
  switch (name.toLowerCase()) {
    case 's3': {
      const slash = rest.indexOf('/');
      const bucket = slash === -1 ? rest : rest.slice(0, slash);
      if (bucket === '') throw new UsageError(`${input}: expected s3://<bucket>[/<prefix>]`);
      return { kind: 's3', bucket, prefix: slash === -1 ? '' : rest.slice(slash + 1) };
    }
    case 'sqs': {
      if (rest === '') throw new UsageError(`${input}: expected sqs://<queue-url>`);
      const queueUrl = /^https?:\/\//.test(rest) ? rest : `https://${rest}`;
      try {
        new URL(queueUrl);
      } catch {
        throw new UsageError(`${input}: "${rest}" is not a queue URL`);
      }
      return { kind: 'sqs', queueUrl };
    }
    case 'cwl':
      if (rest === '') throw new UsageError(`${input}: expected cwl://<log-group>`);
      return { kind: 'cwl', logGroupName: rest };
    case 'athena': {
      const m = /^([^./]+)\.([^./]+)$/.exec(rest);
      if (!m) throw new UsageError(`${input}: expected athena://<database>.<table>`);
      return { kind: 'athena', database: m[1] ?? '', table: m[2] ?? '' };
    }
    case 'lookup': {
      // lookup:// (the regions of --region, else --aws-region) or lookup://us-east-1,eu-west-1
      const regions = rest
        .replace(/\/$/, '')
        .split(',')
        .filter((r) => r !== '');
      const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
      if (bad !== undefined)
        throw new UsageError(`${input}: "${bad}" is not a region (expected lookup://[region,...])`);
      return { kind: 'lookup', regions: regions.length > 0 ? regions : undefined };
    }
    case 'lake':
      if (!/^[a-zA-Z0-9._/:-]{3,256}$/.test(rest)) {
        throw new UsageError(`${input}: expected lake://<event data store ARN or ID>`);
      }
      return { kind: 'lake', eventDataStore: rest };
    case 'file':
      return { kind: 'files', path: rest };
    case 'duckdb':
      if (rest === '') throw new UsageError(`${input}: expected duckdb://<path>`);
      return { kind: 'duckdb', path: rest };
    default:
      throw new UsageError(
        `${input}: unknown input scheme "${name}://" (use a path, s3://, sqs://, cwl://, athena://, lookup://, lake:// or duckdb://)`,
      );
  }
}

/** Static credentials from the environment when both keys are set (otherwise the SDK's default chain). */
export function envCredentials(
  env: Record<string, string | undefined>,
): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

/** Options every AWS client of the CLI gets. */
export function clientConfig(s: SourceSettings): Record<string, unknown> {
  return {
    region: s.awsRegion,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(s.credentials
      ? { credentials: s.credentials }
      : envCredentials(s.env)
        ? { credentials: envCredentials(s.env) }
        : {}),
  };
}
