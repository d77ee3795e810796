import { TrailkitError } from '@trailkit/core';

/** Codes of {@link DuckDbQueryError}. */
export type DuckDbQueryErrorCode = 'DUCKDB_QUERY_FAILED';

/** Thrown when DuckDB rejects or fails a query over the CloudTrail view (the cause is DuckDB's error). */
export class DuckDbQueryError extends TrailkitError {
  static override readonly kind: string = 'DuckDbQueryError';
  /** The SQL that failed. */
  readonly sql: string;
  constructor(sql: string, cause: unknown) {
    super(
      'DUCKDB_QUERY_FAILED',
      `duckdb query failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'DuckDbQueryError';
    this.sql = sql;
  }
}
