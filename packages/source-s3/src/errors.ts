/**
 * Errors thrown by `@trailkit/source-s3`. Each is a core `SourceError` (so `SourceError.isInstance(e)` holds and
 * `e.name` is `SourceError`) with its own stable `code` and `isInstance` check, naming the object involved.
 */
import { SourceError } from '@trailkit/core';
import { hasErrorKind } from '@trailkit/core/plugin';

/** `S3_OBJECT_NOT_FOUND`: a listed or notified object no longer exists (`NoSuchKey`). Not retried. */
export class S3ObjectNotFoundError extends SourceError {
  static override readonly kind: string = 'S3ObjectNotFoundError';
  constructor(source: string, object: string, options?: { cause?: unknown }) {
    super('S3_OBJECT_NOT_FOUND', source, object, 'object not found (NoSuchKey)', options);
  }
  /** True for an {@link S3ObjectNotFoundError} from any copy of the package. */
  static override isInstance(error: unknown): error is S3ObjectNotFoundError {
    return hasErrorKind(error, 'S3ObjectNotFoundError');
  }
}

/** `S3_ACCESS_DENIED`: S3 or SQS refused the request (`AccessDenied`, 403). Not retried. */
export class S3AccessDeniedError extends SourceError {
  static override readonly kind: string = 'S3AccessDeniedError';
  constructor(source: string, object: string | undefined, options?: { cause?: unknown }) {
    super(
      'S3_ACCESS_DENIED',
      source,
      object,
      'access denied: check the bucket policy and IAM permissions',
      options,
    );
  }
  /** True for an {@link S3AccessDeniedError} from any copy of the package. */
  static override isInstance(error: unknown): error is S3AccessDeniedError {
    return hasErrorKind(error, 'S3AccessDeniedError');
  }
}

/** `S3_THROTTLED`: `SlowDown`/503 (or another retryable error) persisted after every retry. */
export class S3ThrottledError extends SourceError {
  static override readonly kind: string = 'S3ThrottledError';
  readonly attempts: number;
  constructor(source: string, object: string | undefined, attempts: number, options?: { cause?: unknown }) {
    super(
      'S3_THROTTLED',
      source,
      object,
      `still throttled or unavailable after ${attempts} attempt(s)`,
      options,
    );
    this.attempts = attempts;
  }
  /** True for an {@link S3ThrottledError} from any copy of the package. */
  static override isInstance(error: unknown): error is S3ThrottledError {
    return hasErrorKind(error, 'S3ThrottledError');
  }
}

/** `S3_REQUEST_FAILED`: any other S3 or SQS failure (the AWS error is the `cause`). */
export class S3RequestError extends SourceError {
  static override readonly kind: string = 'S3RequestError';
  constructor(source: string, object: string | undefined, detail: string, options?: { cause?: unknown }) {
    super('S3_REQUEST_FAILED', source, object, detail, options);
  }
  /** True for an {@link S3RequestError} from any copy of the package. */
  static override isInstance(error: unknown): error is S3RequestError {
    return hasErrorKind(error, 'S3RequestError');
  }
}

/**
 * `SQS_POISON_MESSAGE`: an SQS message that cannot be processed (not JSON, an unknown shape, a missing object,
 * bad records with `onInvalid: 'fail'`). Handed to the `deadLetter` policy; `messageId` names the message.
 */
export class PoisonMessageError extends SourceError {
  static override readonly kind: string = 'PoisonMessageError';
  readonly messageId: string;
  constructor(source: string, messageId: string, detail: string, options?: { cause?: unknown }) {
    super('SQS_POISON_MESSAGE', source, `message ${messageId}`, detail, options);
    this.messageId = messageId;
  }
  /** True for a {@link PoisonMessageError} from any copy of the package. */
  static override isInstance(error: unknown): error is PoisonMessageError {
    return hasErrorKind(error, 'PoisonMessageError');
  }
}
