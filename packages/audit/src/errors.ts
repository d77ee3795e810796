import { TrailkitError } from '@trailkit/core';

/** Codes of {@link AuditError}. */
export type AuditErrorCode =
  /** `DescribeTrails` failed in a region (access denied, region not enabled, ...): the audit cannot go on. */
  'AUDIT_READ_FAILED';

/**
 * Thrown by `collectPosture` when the trails themselves cannot be read. Failures to read one bucket or key
 * are not thrown: they become `error` results with the reason as evidence. `cause` holds the SDK error.
 */
export class AuditError extends TrailkitError {
  static override readonly kind: string = 'AuditError';
  declare readonly code: AuditErrorCode;

  constructor(code: AuditErrorCode, detail: string, options?: { cause?: unknown }) {
    super(code, detail, options);
    this.name = 'AuditError';
  }

  /** True for an {@link AuditError} from any copy of the package. */
  static override isInstance(error: unknown): error is AuditError {
    return TrailkitError.isInstance(error) && error.name === 'AuditError';
  }
}
