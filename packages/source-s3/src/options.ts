/** Options of `s3Source()` and `sqsSource()`: their schemas (validation, defaults, README tables) and types. */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { Message, SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import { ConfigError } from '@trailkit/core';
import {
  type AwsClientOptions,
  type OptionSchema,
  type OptionsSchema,
  retryOptionSchema,
  validateOptions,
} from '@trailkit/core/plugin';
import type { PoisonMessageError } from './errors';

/** A time bound: a `Date`, an ISO-8601 string (`2026-11-01` or `2026-11-01T10:00:00Z`) or epoch milliseconds. */
export type TimeInput = Date | string | number;

/** Retries of AWS calls, in the pipeline's `RetryPolicy` names. */
export interface CallRetry {
  /** Total attempts, the first one included (default 5). */
  attempts: number;
  /** Delay before the first retry in ms (default 200). */
  baseMs: number;
  /** Largest delay in ms (default 10 000). */
  maxMs: number;
}

/** Options of {@link s3Source}. */
export interface S3SourceOptions extends AwsClientOptions<S3Client, S3ClientConfig> {
  /** The bucket CloudTrail delivers to. */
  bucket: string;
  /** The trail's key prefix (the part before `AWSLogs/`), e.g. `logs` or `logs/`. */
  prefix?: string;
  /** Organization trail id (`o-...`). When missing, org folders are discovered with one listing. */
  organizationId?: string;
  /** Only these accounts (12 digits). When missing, accounts are discovered by listing. */
  accounts?: readonly string[];
  /** Only these regions. When missing, regions are discovered by listing. */
  regions?: readonly string[];
  /** Events at or after this time (inclusive). Only day folders from here on are listed. */
  since?: TimeInput;
  /** Events before this time (exclusive). Default: no upper bound. */
  until?: TimeInput;
  /** Objects read at once (default 8). */
  concurrency?: number;
  /** Also read `CloudTrail-Digest/` files (they hold no events; they count as objects). Default false. */
  includeDigests?: boolean;
  /** Also read `CloudTrail-Insight/` files (Insights events). Default false. */
  includeInsights?: boolean;
  /** Events per batch (default: the run's `batchSize`, else 500). */
  batchSize?: number;
  /**
   * Minutes of slack around the time range when choosing files by the time in their names (default 15):
   * CloudTrail delivers events up to about 15 minutes after they happen.
   */
  lookBackMinutes?: number;
  /** Retries of S3 calls on throttling, 5xx and network errors, on top of the SDK's own (default 5 attempts). */
  retry?: Partial<CallRetry>;
  /**
   * Keys the listing may run ahead of the reads (default 0: list only as objects are read). Set it (e.g.
   * 10 000) to know the run's totals early from `listing()`, for a progress bar; memory grows by about 200
   * bytes a key, and the listing calls then run alongside the reads.
   */
  listAhead?: number;
  /** Source name, also the default checkpoint key (default `s3`). */
  name?: string;
}

/** What to do with a message that cannot be processed. */
export type DeadLetterPolicy =
  | 'delete'
  | 'keep'
  | ((message: Message, error: PoisonMessageError) => Promise<void>);

/** Options of {@link sqsSource}. */
export interface SqsSourceOptions extends AwsClientOptions<SQSClient, SQSClientConfig> {
  /** The queue S3 (or SNS, or EventBridge) sends object-created notifications to. */
  queueUrl: string;
  /** A ready S3 client to fetch objects with. Do not combine with `s3ClientConfig`. */
  s3Client?: S3Client;
  /** Options for the S3 client the source creates. */
  s3ClientConfig?: S3ClientConfig;
  /** Long-poll wait, 0 to 20 seconds (default 20). */
  waitTimeSeconds?: number;
  /** Seconds a received message stays hidden; extended by a heartbeat while it is worked on (default 120). */
  visibilityTimeout?: number;
  /** Messages per receive, 1 to 10 (default 10). */
  maxMessages?: number;
  /** Messages worked on at once (default 4). */
  concurrency?: number;
  /**
   * Poison messages (not JSON, unknown shape, the object is missing): `keep` leaves them for SQS's redrive
   * policy (default), `delete` drops them, a function receives them (e.g. to store them) and they are then
   * deleted. Always counted in `SqsSource.stats()` and logged.
   */
  deadLetter?: DeadLetterPolicy;
  /** End the read when a receive (long poll) returns no message. Default false: run until aborted. */
  stopWhenEmpty?: boolean;
  /** Events per batch (default: the run's `batchSize`, else 500). */
  batchSize?: number;
  /** Retries of S3/SQS calls on throttling, 5xx and network errors (default 5 attempts). */
  retry?: Partial<CallRetry>;
  /** Source name, also the default checkpoint key (default `sqs`). */
  name?: string;
}

const TIME: Omit<OptionSchema, 'description'> = {
  anyOf: [{ type: 'string' }, { type: 'number' }, { kind: 'object' }],
  typeLabel: 'Date | string | number',
};
const BATCH_SIZE: OptionSchema = {
  type: 'integer',
  minimum: 1,
  description: "events per batch; default: the run's `batchSize`, else 500",
};
const RETRY = retryOptionSchema({ attempts: 5, baseMs: 200, maxMs: 10_000 }, 'S3 and SQS calls');

/** The schema of {@link S3SourceOptions}: validation, defaults and the README's option table. */
export const S3_SOURCE_OPTIONS = {
  properties: {
    bucket: { type: 'string', minLength: 1, description: 'the bucket CloudTrail delivers to' },
    prefix: {
      type: 'string',
      description: "the trail's key prefix (the part before `AWSLogs/`), e.g. `logs` or `logs/`",
    },
    organizationId: {
      type: 'string',
      pattern: '^o-[a-z0-9]{10,32}$',
      patternLabel: 'an organization id like o-xxxxxxxxxx',
      description:
        'organization trail id `o-…`; when missing, one listing of `AWSLogs/` finds org folders (and non-org accounts)',
    },
    accounts: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: '^\\d{12}$', patternLabel: 'a 12-digit account id' },
      description: 'only these accounts (12 digits); discovered by listing when missing',
    },
    regions: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d+$', patternLabel: 'an AWS region' },
      description: 'only these regions; discovered by listing when missing',
    },
    since: {
      ...TIME,
      description: 'events at or after this time (inclusive); only day folders from here on are listed',
    },
    until: { ...TIME, description: 'events before this time (exclusive); default: no upper bound' },
    concurrency: { type: 'integer', minimum: 1, default: 8, description: 'objects read at once' },
    client: {
      kind: 'object',
      typeLabel: 'S3Client',
      description: 'a ready S3 client (not with `clientConfig`)',
    },
    clientConfig: {
      type: 'object',
      typeLabel: 'S3ClientConfig',
      description: 'options for the S3 client the source creates (region, credentials, endpoint, ...)',
    },
    includeDigests: {
      type: 'boolean',
      default: false,
      description: 'also read `CloudTrail-Digest/` files (no events; they count as objects)',
    },
    includeInsights: {
      type: 'boolean',
      default: false,
      description: 'also read `CloudTrail-Insight/` files (Insights events)',
    },
    batchSize: BATCH_SIZE,
    lookBackMinutes: {
      type: 'number',
      minimum: 0,
      default: 15,
      description:
        'slack when choosing files by the time in their name (CloudTrail delivers up to ~15 min late); events are then filtered by `since`/`until` exactly, by their time: `eventTime`, else `@timestamp` (the rule of every source; an event with neither is dropped)',
    },
    retry: RETRY,
    listAhead: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description:
        'keys the listing may run ahead of the reads (0: list only as objects are read); e.g. 10000 for `listing()` to know the totals early, for a progress bar; about 200 bytes a key',
    },
    name: {
      type: 'string',
      minLength: 1,
      default: 's3',
      description: 'source name, also the default checkpoint key',
    },
  },
  required: ['bucket'],
  exclusive: [['client', 'clientConfig']],
} satisfies OptionsSchema;

/** The schema of {@link SqsSourceOptions}: validation, defaults and the README's option table. */
export const SQS_SOURCE_OPTIONS = {
  properties: {
    queueUrl: {
      type: 'string',
      pattern: '^https?://[^/]+/\\d+/[^/]+$',
      patternLabel: 'a queue URL like https://sqs.<region>.amazonaws.com/<account>/<name>',
      description: 'the queue S3 (or SNS, or EventBridge) sends object-created notifications to',
    },
    client: {
      kind: 'object',
      typeLabel: 'SQSClient',
      description: 'a ready SQS client (not with `clientConfig`)',
    },
    clientConfig: {
      type: 'object',
      typeLabel: 'SQSClientConfig',
      description: 'options for the SQS client the source creates',
    },
    s3Client: {
      kind: 'object',
      typeLabel: 'S3Client',
      description: 'a ready S3 client to fetch objects with (not with `s3ClientConfig`)',
    },
    s3ClientConfig: {
      type: 'object',
      typeLabel: 'S3ClientConfig',
      description: 'options for the S3 client the source creates',
    },
    waitTimeSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 20,
      default: 20,
      description: 'long-poll wait, in seconds',
    },
    visibilityTimeout: {
      type: 'integer',
      minimum: 1,
      maximum: 43_200,
      default: 120,
      description: 'seconds a received message stays hidden; extended by a heartbeat while it is worked on',
    },
    maxMessages: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      default: 10,
      description: 'messages per receive',
    },
    concurrency: { type: 'integer', minimum: 1, default: 4, description: 'messages worked on at once' },
    deadLetter: {
      anyOf: [{ enum: ['keep', 'delete'] }, { kind: 'function' }],
      default: 'keep',
      typeLabel: "'keep' | 'delete' | (message, error) => Promise<void>",
      description:
        "poison messages (not JSON, unknown shape, object missing): `keep` leaves them for SQS's redrive policy, `delete` drops them, a function receives them and they are then deleted",
    },
    stopWhenEmpty: {
      type: 'boolean',
      default: false,
      description: 'end the read when a receive (long poll) returns no message; default: run until aborted',
    },
    batchSize: BATCH_SIZE,
    retry: RETRY,
    name: {
      type: 'string',
      minLength: 1,
      default: 'sqs',
      description: 'source name, also the default checkpoint key',
    },
  },
  required: ['queueUrl'],
  exclusive: [
    ['client', 'clientConfig'],
    ['s3Client', 's3ClientConfig'],
  ],
} satisfies OptionsSchema;

/** {@link S3SourceOptions} after validation, with defaults and parsed times. */
export type ResolvedS3SourceOptions = Omit<S3SourceOptions, 'since' | 'until' | 'prefix'> &
  Required<Pick<S3SourceOptions, 'concurrency' | 'lookBackMinutes' | 'listAhead' | 'name'>> & {
    /** `''` or the prefix with one trailing `/`. */
    prefix: string;
    since: number | undefined;
    until: number | undefined;
    retry: CallRetry;
  };

/** Validate `s3Source()` options; throws core's `ConfigError` naming the option. */
export function resolveS3SourceOptions(options: S3SourceOptions): ResolvedS3SourceOptions {
  const component = 's3Source';
  const o = validateOptions<S3SourceOptions & { retry: CallRetry }>(component, S3_SOURCE_OPTIONS, options);
  const prefix = o.prefix ? `${o.prefix.replace(/^\/+|\/+$/g, '')}/` : '';
  if (prefix.includes('AWSLogs/')) {
    throw new ConfigError(
      component,
      'prefix is the part before AWSLogs/; use accounts/regions to narrow down',
    );
  }
  const since = parseTime(component, 'since', o.since);
  const until = parseTime(component, 'until', o.until);
  if (since !== undefined && until !== undefined && since >= until) {
    throw new ConfigError(component, 'since must be before until');
  }
  return { ...(o as ResolvedS3SourceOptions), prefix, since, until };
}

/** {@link SqsSourceOptions} after validation, with defaults. */
export type ResolvedSqsSourceOptions = SqsSourceOptions &
  Required<
    Pick<
      SqsSourceOptions,
      | 'waitTimeSeconds'
      | 'visibilityTimeout'
      | 'maxMessages'
      | 'concurrency'
      | 'deadLetter'
      | 'stopWhenEmpty'
      | 'name'
    >
  > & { retry: CallRetry };

/** Validate `sqsSource()` options; throws core's `ConfigError` naming the option. */
export function resolveSqsSourceOptions(options: SqsSourceOptions): ResolvedSqsSourceOptions {
  return validateOptions<ResolvedSqsSourceOptions>('sqsSource', SQS_SOURCE_OPTIONS, options);
}

/** Parse a time option, or throw `ConfigError` naming the option. */
export function parseTime(
  component: string,
  option: string,
  value: TimeInput | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new ConfigError(component, `${option} is not a valid time: ${String(value)}`);
  return ms;
}
