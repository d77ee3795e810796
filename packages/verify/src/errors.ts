import { TrailkitError } from '@trailkit/core';
import { hasErrorKind } from '@trailkit/core/plugin';

/** Codes of {@link VerifyError}. */
export type VerifyErrorCode =
  /** The public keys file cannot be read or is not `aws cloudtrail list-public-keys` output. */
  | 'VERIFY_PUBLIC_KEYS_INVALID'
  /** `ListPublicKeys` failed (permissions, network, throttling past the SDK's retries). */
  | 'VERIFY_PUBLIC_KEYS_FAILED'
  /** The trail location cannot be listed or read (missing bucket or folder, access denied). */
  | 'VERIFY_STORE_FAILED';

/**
 * Thrown by `verifyTrail` when it cannot run at all: unreadable public keys, a trail location it cannot list
 * or read. Integrity problems (a modified log file, a missing digest, ...) are never thrown: they are
 * results of kind `problem`.
 */
export class VerifyError extends TrailkitError {
  static override readonly kind: string = 'VerifyError';
  declare readonly code: VerifyErrorCode;

  constructor(code: VerifyErrorCode, detail: string, options?: { cause?: unknown }) {
    super(code, `verify: ${detail}`, options);
    this.name = 'VerifyError';
  }

  /** True for a {@link VerifyError} from any copy of the package. */
  static override isInstance(error: unknown): error is VerifyError {
    return hasErrorKind(error, 'VerifyError');
  }
}
