/**
 * AWS client plumbing every AWS plugin needs, without importing the AWS SDK (core never does): the
 * `client | clientConfig` choice, settings for S3-compatible endpoints, and one table of retryable errors.
 * Modelled on AWS Powertools' `BaseProvider` client injection.
 */
import { ConfigError } from '../errors';

/** Options of an AWS plugin: a ready client, or the settings to build one (never both). */
export interface AwsClientOptions<Client, Config> {
  /** A ready client (for tests, custom middleware, shared connection pools). */
  client?: Client;
  /** Settings for the client the plugin builds (`region`, `endpoint`, `credentials`, ...). */
  clientConfig?: Config;
}

/**
 * The client to use: `options.client`, else `create(options.clientConfig ?? {})`. Throws `ConfigError` when
 * both are given. Call it lazily (on first use) so that building a plugin never touches credentials.
 *
 * @example
 * ```ts
 * const client = resolveAwsClient('lookupEventsSource', options, (config) => new CloudTrailClient(config));
 * ```
 */
export function resolveAwsClient<Client, Config>(
  component: string,
  options: AwsClientOptions<Client, Config>,
  create: (config: Config) => Client,
): Client {
  if (options.client !== undefined && options.clientConfig !== undefined) {
    throw new ConfigError(component, 'give client or clientConfig, not both');
  }
  return options.client ?? create(options.clientConfig ?? ({} as Config));
}

/**
 * Client settings for an S3-compatible endpoint (MinIO, LocalStack, s3rver, ...): path-style addressing, and
 * checksums only when required (without that, streamed uploads to such servers keep the `aws-chunked`
 * framing inside the object).
 */
export function s3CompatibleConfig(
  endpoint: string,
  region = 'us-east-1',
): {
  endpoint: string;
  region: string;
  forcePathStyle: true;
  requestChecksumCalculation: 'WHEN_REQUIRED';
  responseChecksumValidation: 'WHEN_REQUIRED';
} {
  return {
    endpoint,
    region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/** AWS error names (SDK v3 `error.name`) that mean "try again later": throttling, 5xx, timeouts. */
export const RETRYABLE_AWS_ERROR_NAMES: ReadonlySet<string> = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalError',
  'InternalFailure',
  'InternalServerException',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'TimeoutError',
]);

/** Node network error codes worth retrying. */
const RETRYABLE_NODE_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/**
 * True for an AWS SDK v3 error worth retrying with backoff: a name in {@link RETRYABLE_AWS_ERROR_NAMES}, an
 * HTTP status of 429 or 5xx, the SDK's own `$retryable` mark, or a transient network error. Never for an
 * abort.
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (e.name === 'AbortError') return false;
  const status = e.$metadata?.httpStatusCode;
  return (
    RETRYABLE_AWS_ERROR_NAMES.has(e.name ?? '') ||
    (status !== undefined && (status === 429 || status >= 500)) ||
    (typeof e.$retryable === 'object' && e.$retryable !== null) ||
    RETRYABLE_NODE_CODES.has(e.code ?? '')
  );
}
