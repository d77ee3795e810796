import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { DeadLetter, Logger, Pipeline, RetryPolicy, Sink } from '@trailkit/core';
import type { OptionsSchema } from '@trailkit/core/plugin';

/** Options of every handler factory (`sqsHandler`, `s3Handler`, `cloudWatchLogsHandler`, `eventBridgeHandler`). */
export interface HandlerOptions {
  /**
   * The pipeline without a source (`pipeline().detect(...).to(...)`), built once per container at module
   * scope; each invocation runs it from that invocation's events. Its sinks are flushed and closed at the
   * end of every invocation: wrap the ones to keep between invocations with `keepOpen`.
   */
  pipeline: Pipeline<any>;
  /** S3 client used to read the log objects notifications name (S3 and SQS handlers). */
  client?: S3Client;
  /** Settings of the S3 client the handler creates, once per container, on first use (not with `client`). */
  clientConfig?: S3ClientConfig;
  /**
   * Time kept back from `context.getRemainingTimeInMillis()`: reading stops this long before the
   * deadline, writes in flight get half of it to finish, and what is not done is reported as failed.
   */
  safetyMarginMs?: number;
  /** Events per batch (the run's `batchSize`). */
  batchSize?: number;
  /** Batches written at once (the run's `concurrency`). */
  concurrency?: number;
  /** Items (messages, objects) read ahead while earlier ones are parsed and written. */
  readAhead?: number;
  /** Bad records: `skip` counts and goes on; `fail` fails the item (message, object) they are in. */
  onInvalid?: 'skip' | 'fail';
  /** Sink write retries (the run's `retry`), bounded by the remaining time. */
  retry?: RetryPolicy;
  /** Where items go when a sink still fails after its retries (the run's `deadLetter`). */
  deadLetter?: Sink<DeadLetter>;
  /** Drop events whose `eventID` was seen in the last N events of the invocation (`true` = 100 000). */
  dedupe?: boolean | number;
  /** Logger (default: JSON lines on stdout, see `jsonLogger`); each invocation logs with its `requestId`. */
  log?: Logger;
  /** The source name in the run summary and logs (default: the handler's kind, e.g. `lambda-sqs`). */
  name?: string;
}

/** Options after validation and defaults. */
export type ResolvedHandlerOptions = HandlerOptions &
  Required<Pick<HandlerOptions, 'safetyMarginMs' | 'batchSize' | 'concurrency' | 'readAhead' | 'onInvalid'>>;

/** The schema of {@link HandlerOptions}: validation, defaults and the README table. */
export const HANDLER_OPTIONS_SCHEMA = {
  properties: {
    pipeline: {
      kind: 'object',
      typeLabel: 'Pipeline',
      description:
        'the pipeline without a source, built once per container; each invocation runs `pipeline.from(<its events>)`',
    },
    client: { kind: 'object', typeLabel: 'S3Client', description: 'S3 client to read the notified objects' },
    clientConfig: {
      type: 'object',
      typeLabel: 'S3ClientConfig',
      description: 'settings of the S3 client created once per container (not with `client`)',
    },
    safetyMarginMs: {
      type: 'integer',
      minimum: 0,
      default: 10_000,
      description:
        'time kept back from `getRemainingTimeInMillis()`: reading stops then, writes in flight get half of it, the rest is reported failed',
    },
    batchSize: { type: 'integer', minimum: 1, default: 500, description: 'events per batch' },
    concurrency: { type: 'integer', minimum: 1, default: 4, description: 'batches written at once' },
    readAhead: {
      type: 'integer',
      minimum: 0,
      default: 3,
      description: 'items (messages, objects) read ahead while earlier ones are parsed and written',
    },
    onInvalid: {
      enum: ['skip', 'fail'],
      default: 'skip',
      description: 'bad records: `skip` counts them, `fail` fails the item (message, object) they are in',
    },
    retry: {
      type: 'object',
      typeLabel: 'RetryPolicy',
      description: "sink write retries (the run's `retry`), cut short by the deadline",
    },
    deadLetter: {
      kind: 'object',
      typeLabel: 'Sink<DeadLetter>',
      description: 'where items go when a sink still fails after its retries',
    },
    dedupe: {
      anyOf: [{ type: 'boolean' }, { type: 'integer', minimum: 1 }],
      description:
        "drop events whose `eventID` was seen in the invocation's last N events (`true` = 100 000)",
    },
    log: { kind: 'object', typeLabel: 'Logger', description: 'logger; default JSON lines on stdout' },
    name: { type: 'string', minLength: 1, description: 'source name in summaries and logs' },
  },
  required: ['pipeline'],
  exclusive: [['client', 'clientConfig']],
} satisfies OptionsSchema;
