/**
 * @trailkit/source-duckdb: SQL over downloaded CloudTrail trails on this machine. An embedded DuckDB twin of
 * `@trailkit/source-athena`: the same table (as a view over local files), the same query builder, events
 * streamed back.
 * @packageDocumentation
 */
export { duckdbSource, type DuckDbPosition } from './duckdb-source';
export { DUCKDB_SOURCE_OPTIONS_SCHEMA, type DuckDbSourceOptions } from './options';
export { buildDuckDbQuery, type DuckDbFilters, type DuckDbQuery } from './duckdb-query';
export {
  openCloudTrailDatabase,
  type CloudTrailDatabase,
  type OpenCloudTrailOptions,
} from './open-trail';
export { listTrailFiles, layoutOf, type FilePruning, type TrailFile } from './list-files';
export { CLOUDTRAIL_VIEW, cloudTrailViewSql } from './view-sql';
export { athenaLiteralValue, duckString } from './duck-string';
export { DuckDbQueryError, type DuckDbQueryErrorCode } from './errors';
