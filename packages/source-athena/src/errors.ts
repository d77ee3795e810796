import { SourceError, TrailkitError } from '@trailkit/core';

/** Codes of {@link AthenaQueryError}. */
export type AthenaQueryErrorCode =
  | 'ATHENA_QUERY_FAILED'
  | 'ATHENA_QUERY_CANCELLED'
  | 'ATHENA_RESULTS_UNAVAILABLE';

/**
 * Thrown by `athenaSource` when the Athena query ends FAILED or CANCELLED (not by this run), or when the
 * results of a query being resumed are no longer available. Carries the query execution id and Athena's
 * `StateChangeReason`.
 */
export class AthenaQueryError extends SourceError {
  declare readonly code: AthenaQueryErrorCode;
  /** The query execution id. */
  readonly queryExecutionId: string;
  /** Athena's reason (`StateChangeReason`), when it gave one. */
  readonly reason: string | undefined;

  constructor(
    code: AthenaQueryErrorCode,
    queryExecutionId: string,
    detail: string,
    reason?: string,
    options?: { cause?: unknown },
  ) {
    super(code, 'athena', queryExecutionId, reason ? `${detail}: ${reason}` : detail, options);
    this.name = 'AthenaQueryError';
    this.queryExecutionId = queryExecutionId;
    this.reason = reason;
  }

  /** True for an {@link AthenaQueryError} from any copy of the package. */
  static override isInstance(error: unknown): error is AthenaQueryError {
    return TrailkitError.isInstance(error) && error.name === 'AthenaQueryError';
  }
}

/**
 * Thrown by `rowToEvent` when a result cell cannot be read (a JSON-string column that is not JSON, a struct
 * cell that does not match the column's type). Names the column. `athenaSource` reports it as a
 * `ParseError` (to the run's `onInvalid`) naming the query and the row index.
 */
export class RowMappingError extends TrailkitError {
  /** The column whose cell could not be read. */
  readonly column: string;

  constructor(column: string, detail: string, options?: { cause?: unknown }) {
    super('ATHENA_ROW_INVALID', `column ${column}: ${detail}`, options);
    this.name = 'RowMappingError';
    this.column = column;
  }

  /** True for a {@link RowMappingError} from any copy of the package. */
  static override isInstance(error: unknown): error is RowMappingError {
    return TrailkitError.isInstance(error) && error.name === 'RowMappingError';
  }
}
