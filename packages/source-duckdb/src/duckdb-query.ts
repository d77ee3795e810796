import type { EventFilter } from '@trailkit/core';
import { type CloudTrailFilters, buildQuery } from '@trailkit/source-athena';
import { athenaLiteralValue } from './duck-string';
import { CLOUDTRAIL_VIEW } from './view-sql';

/** Filters of {@link buildDuckDbQuery}: Athena's, with `since` optional (a local tree has no scan cost). */
export type DuckDbFilters = Omit<CloudTrailFilters, 'since' | 'orderByTime'> & {
  since?: CloudTrailFilters['since'];
};

/** A compiled query over the `cloudtrail` view. */
export interface DuckDbQuery {
  /** The SELECT statement, with `?` placeholders. */
  sql: string;
  /** The values bound to the placeholders, in order. */
  values: string[];
  /** What runs locally on the returned events (undefined when the SQL is exact). */
  residual: EventFilter | undefined;
  /** Human-readable list of what runs locally. */
  local: string[];
  /** The `yyyy/MM/dd` dates the files are pruned to. */
  dateRange: { from: string; to: string };
}

/** `since` when none is given: before any CloudTrail event. */
const BEGINNING = '1970-01-01T00:00:00Z';

/**
 * Compile filters to a SELECT over the `cloudtrail` view, with the very builder of `@trailkit/source-athena`
 * (`buildQuery`): the view has the Athena table's columns and partitions, and a `json_extract_scalar` macro,
 * so the one dialect runs on both engines. Selects the raw record, its file and index, in a stable order
 * (event time, file, index), so that an offset resumes a read.
 *
 * @throws ConfigError when the filters are invalid.
 */
export function buildDuckDbQuery(filters: DuckDbFilters, offset = 0): DuckDbQuery {
  const { limit, ...rest } = filters;
  const built = buildQuery(
    { ...rest, since: filters.since ?? BEGINNING, orderByTime: false },
    // The date partition is pruned on the file list (see listTrailFiles), not per row: eventtime bounds stay.
    { table: CLOUDTRAIL_VIEW, values: 'parameters', partitions: { timestamp: false } },
  );
  const prefix = `SELECT *\nFROM "${CLOUDTRAIL_VIEW}"`;
  if (!built.sql.startsWith(prefix)) throw new Error(`unexpected query shape: ${built.sql.slice(0, 40)}`);
  let sql = `SELECT record, file, idx\nFROM ${CLOUDTRAIL_VIEW}${built.sql.slice(prefix.length)}\nORDER BY eventtime, file, idx`;
  if (limit !== undefined) sql += `\nLIMIT ${Math.max(0, limit - offset)}`;
  if (offset > 0) sql += `\nOFFSET ${offset}`;
  return {
    sql,
    values: built.executionParameters.map(athenaLiteralValue),
    residual: built.residual,
    local: built.local,
    dateRange: built.dateRange,
  };
}
