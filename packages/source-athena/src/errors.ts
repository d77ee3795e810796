import { ConfigError, SourceError, TrailkitError } from '@trailkit/core';
import { hasErrorKind } from '@trailkit/core/plugin';

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
  static override readonly kind: string = 'AthenaQueryError';
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
    return hasErrorKind(error, 'AthenaQueryError');
  }
}

/**
 * Thrown by `rowToEvent` when a result cell cannot be read (a JSON-string column that is not JSON, a struct
 * cell that does not match the column's type). Names the column. `athenaSource` reports it as a
 * `ParseError` (to the run's `onInvalid`) naming the query and the row index.
 */
export class RowMappingError extends TrailkitError {
  static override readonly kind: string = 'RowMappingError';
  /** The column whose cell could not be read. */
  readonly column: string;

  constructor(column: string, detail: string, options?: { cause?: unknown }) {
    super('ATHENA_ROW_INVALID', `column ${column}: ${detail}`, options);
    this.name = 'RowMappingError';
    this.column = column;
  }

  /** True for a {@link RowMappingError} from any copy of the package. */
  static override isInstance(error: unknown): error is RowMappingError {
    return hasErrorKind(error, 'RowMappingError');
  }
}

/** A value for an error message: JSON-quoted (control characters visible), at most about 80 characters. */
export function previewValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Thrown when a name the package writes into SQL or sends to Athena (database, table, partition column,
 * catalog, workgroup) breaks Athena's rules. A `ConfigError` (so `ConfigError.isInstance` holds) with its own
 * code, the option it came from and the rejected value.
 */
export class AthenaNameError extends ConfigError {
  static override readonly kind: string = 'AthenaNameError';
  declare readonly code: 'ATHENA_NAME_INVALID';
  /** The option holding the name, e.g. `database`, `partitions.timestamp`, `workGroup`. */
  readonly option: string;
  /** The rejected value. */
  readonly value: unknown;

  constructor(component: string, option: string, value: unknown, rule: string) {
    super(component, `${option} ${rule}, got ${previewValue(value)}`);
    this.name = 'AthenaNameError';
    this.code = 'ATHENA_NAME_INVALID';
    this.option = option;
    this.value = value;
  }

  /** True for an {@link AthenaNameError} from any copy of the package. */
  static override isInstance(error: unknown): error is AthenaNameError {
    return hasErrorKind(error, 'AthenaNameError');
  }
}

/** Codes of {@link AthenaLimitError}. */
export type AthenaLimitErrorCode = 'ATHENA_PARAMETER_TOO_LONG' | 'ATHENA_QUERY_TOO_LONG';

/**
 * Thrown before any call to Athena when a query would break one of Athena's request limits: an execution
 * parameter over 1,024 characters (`ATHENA_PARAMETER_TOO_LONG`) or a query string over 262,144
 * (`ATHENA_QUERY_TOO_LONG`). A `ConfigError` with its own code, naming what is too long.
 */
export class AthenaLimitError extends ConfigError {
  static override readonly kind: string = 'AthenaLimitError';
  declare readonly code: AthenaLimitErrorCode;
  /** What is too long, e.g. `executionParameters[4]` or `query`. */
  readonly option: string;
  /** Its length in characters. */
  readonly length: number;
  /** Athena's limit in characters. */
  readonly limit: number;

  constructor(
    code: AthenaLimitErrorCode,
    component: string,
    option: string,
    length: number,
    limit: number,
    detail: string,
  ) {
    super(component, `${option} is ${length} characters, over Athena's limit of ${limit}: ${detail}`);
    this.name = 'AthenaLimitError';
    this.code = code;
    this.option = option;
    this.length = length;
    this.limit = limit;
  }

  /** True for an {@link AthenaLimitError} from any copy of the package. */
  static override isInstance(error: unknown): error is AthenaLimitError {
    return hasErrorKind(error, 'AthenaLimitError');
  }
}
