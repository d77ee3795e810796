import { isRetryableAwsError } from '@trailkit/core/plugin';
import { S3AccessDeniedError, S3ObjectNotFoundError, S3RequestError, S3ThrottledError } from './errors';

/** The fields of an AWS SDK v3 service error that decide what to do with it. */
interface AwsErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

function fields(error: unknown): AwsErrorLike {
  return typeof error === 'object' && error !== null ? (error as AwsErrorLike) : {};
}

/** True for a missing object (`NoSuchKey`, 404). */
export function isNotFound(error: unknown): boolean {
  const e = fields(error);
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** True for `AccessDenied` / 403. */
export function isAccessDenied(error: unknown): boolean {
  const e = fields(error);
  return (
    e.name === 'AccessDenied' || e.name === 'AccessDeniedException' || e.$metadata?.httpStatusCode === 403
  );
}

/** Turn an AWS SDK error into this package's typed error naming the object. */
export function toSourceError(
  error: unknown,
  source: string,
  object: string | undefined,
  attempts: number,
): Error {
  if (isNotFound(error)) return new S3ObjectNotFoundError(source, object ?? '(unknown)', { cause: error });
  if (isAccessDenied(error)) return new S3AccessDeniedError(source, object, { cause: error });
  if (isRetryableAwsError(error)) return new S3ThrottledError(source, object, attempts, { cause: error });
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new S3RequestError(source, object, why, { cause: error });
}
