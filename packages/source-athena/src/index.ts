/**
 * @trailkit/source-athena: query CloudTrail history with Athena. A typed query builder over the CloudTrail
 * table (partition pruning, filter pushdown, escaped values), the partition-projected table DDL, and a
 * source that streams query results as CloudTrail events.
 * @packageDocumentation
 */
export { athenaSource, type AthenaPosition } from './athena-source';
export type { AthenaSourceOptions } from './options';
export {
  buildQuery,
  type BuildQueryOptions,
  type CloudTrailFilters,
  type CloudTrailQuery,
  type PartitionColumns,
} from './query-builder';
export { createTableSql, type CreateTableOptions } from './create-table-sql';
export { rowToEvent } from './row-to-event';
export { sqlString, sqlIdentifier } from './sql-text';
export {
  AthenaLimitError,
  AthenaNameError,
  AthenaQueryError,
  RowMappingError,
  type AthenaLimitErrorCode,
  type AthenaQueryErrorCode,
} from './errors';
export { MAX_PARAMETER_LENGTH, MAX_QUERY_LENGTH } from './athena-limits';
export { MAX_NAME_LENGTH } from './athena-names';
export { CLOUDTRAIL_DELIVERY_DELAY_MINUTES } from './partition-dates';
