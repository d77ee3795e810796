import { SourceError, TrailkitError } from '@trailkit/core';

/** Codes of {@link AccountReadError}. */
export type AccountReadErrorCode =
  /** ListAccounts failed (not the management or a delegated administrator account, or no permission). */
  | 'ACCOUNTS_LIST_FAILED'
  /** Reading one account failed (its role could not be assumed, or its source failed). */
  | 'ACCOUNT_READ_FAILED';

/**
 * Thrown by `multiAccountSource` when the organization's accounts cannot be listed; passed (not thrown) to
 * `onAccountFailure` when one account cannot be read, while the other accounts go on. `object` is the
 * account id; `cause` holds the underlying error (e.g. the STS `AccessDenied`).
 */
export class AccountReadError extends SourceError {
  static override readonly kind: string = 'AccountReadError';
  declare readonly code: AccountReadErrorCode;
  /** The account (undefined for `ACCOUNTS_LIST_FAILED`). */
  readonly accountId: string | undefined;

  constructor(
    code: AccountReadErrorCode,
    source: string,
    accountId: string | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, source, accountId, detail, options);
    this.name = 'AccountReadError';
    this.accountId = accountId;
  }

  /** True for an {@link AccountReadError} from any copy of the package. */
  static override isInstance(error: unknown): error is AccountReadError {
    return TrailkitError.isInstance(error) && error.name === 'AccountReadError';
  }
}
