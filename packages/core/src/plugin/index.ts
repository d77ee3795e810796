/**
 * `@trailkit/core/plugin`: the toolkit for plugin authors. Everything a source or sink would otherwise
 * rewrite: options from a schema (`validateOptions`, `optionsTable`), AWS client resolution
 * (`resolveAwsClient`, `s3CompatibleConfig`, `isRetryableAwsError`), one HTTP call with one classified
 * error (`postJson`, `HttpCallError`), the error recipe
 * (`hasErrorKind`, `PartialWriteError`), redaction, and the helpers the pipeline itself uses (`retry`,
 * `parseRetryAfter`, `defineSink`, `batchSink`, `RecentIds`).
 *
 * The rule (see "Plugin contracts" in the core README): the pipeline owns retries and the dead letter. A
 * sink makes one attempt per request and throws classified errors; a sink that delivered part of a write
 * throws `PartialWriteError` with what it did not deliver.
 * @packageDocumentation
 */

// --- HTTP
export { postJson, type PostJsonOptions, type PostJsonResponse } from './post-json';
export {
  HttpCallError,
  isRetryableStatus,
  type HttpCallErrorCode,
  type HttpCallErrorInit,
} from './http-call-error';

// --- options from a schema (validation, defaults, README tables)
export {
  type OptionKind,
  type OptionSchema,
  type OptionsSchema,
  optionsTable,
  optionsTableDrift,
  validateOptions,
  withOptionsTable,
} from './options';
export { type RetryDefaults, retryOptionSchema } from './retry-schema';

// --- AWS clients
export {
  type AwsClientOptions,
  isRetryableAwsError,
  RETRYABLE_AWS_ERROR_NAMES,
  resolveAwsClient,
  s3CompatibleConfig,
} from './aws-client';

// --- errors
export { hasErrorKind } from './error-kind';
export { PartialWriteError, type UndeliveredItems } from './partial-write-error';

// --- redaction
export {
  headerSecrets,
  looksLikeToken,
  REDACTED,
  redactExcerpt,
  redactPath,
  redactText,
  redactUrl,
  urlSecrets,
} from './redact';

// --- retry and waiting
export { isRetryableError, retry, type RetryOptions } from '../util/retry';
export { retryStream } from './retry-stream';
export { backoffDelay, type BackoffOptions } from '../util/backoff';
export { parseRetryAfter } from '../util/retry-after';
export { sleep } from '../util/sleep';

// --- building sinks
export { defineSink, type SinkSpec } from '../util/define-sink';
export { batchSink, type BatchSinkOptions } from '../util/batch-sink';
export { RecentIds } from '../util/recent-ids';
export { noopLogger } from '../util/noop-logger';
export type { Logger, Sink, WriteContext } from '../contracts';
