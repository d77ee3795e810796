import { type Source, type SourceBatch, setOrigin, type TrailEvent } from '@trailkit/core';
import { validateOptions } from '@trailkit/core/plugin';
import { buildDuckDbQuery } from './duckdb-query';
import { DuckDbQueryError } from './errors';
import { listTrailFiles } from './list-files';
import { openCloudTrailDatabase } from './open-trail';
import { DUCKDB_SOURCE_OPTIONS_SCHEMA, type DuckDbSourceOptions } from './options';

const COMPONENT = 'duckdbSource';

/** Where a DuckDB read is: the number of rows (in the query's stable order) already delivered. */
export interface DuckDbPosition {
  rows: number;
}

/**
 * Read CloudTrail events from local files through an embedded DuckDB: the files are pruned by their
 * `AWSLogs/` path, the filters compiled to SQL over the `cloudtrail` view by the Athena source's builder,
 * and the rows streamed back (DuckDB's chunks, never the whole result) as `TrailEvent`s, each with its
 * file and record index as origin. What SQL cannot express exactly runs locally on the rows.
 *
 * @throws ConfigError when the options or filters are invalid.
 * @throws DuckDbQueryError (from `read`) when DuckDB fails, e.g. on a file that is not JSON.
 * @example
 * ```ts
 * const source = duckdbSource({ paths: ['downloads/AWSLogs'], pattern: '{ $.errorCode = "AccessDenied*" }' });
 * ```
 */
export function duckdbSource(options: DuckDbSourceOptions): Source {
  const o = validateOptions<DuckDbSourceOptions & { batchSize: number; name: string }>(
    COMPONENT,
    DUCKDB_SOURCE_OPTIONS_SCHEMA,
    options,
  );
  const { paths, batchSize, threads, name, filter, ...filters } = o;
  // Compile once now, so that bad filters fail at construction, not at the first read.
  buildDuckDbQuery({ ...filters, filter });
  return {
    name,
    async *read(ctx): AsyncIterable<SourceBatch> {
      const start = (ctx.from as DuckDbPosition | undefined)?.rows ?? 0;
      const query = buildDuckDbQuery({ ...filters, filter }, start);
      if (query.local.length > 0) ctx.log.debug(`${name}: runs locally: ${query.local.join(', ')}`);
      const files = await listTrailFiles(paths, {
        accounts: filters.accounts,
        regions: filters.regions,
        dateRange: query.dateRange,
      });
      if (files.length === 0) return;
      const db = await openCloudTrailDatabase(
        files.map((f) => f.path),
        threads ? { threads } : {},
      );
      try {
        let result: Awaited<ReturnType<typeof db.connection.stream>>;
        try {
          result = await db.connection.stream(query.sql, query.values);
        } catch (error) {
          throw new DuckDbQueryError(query.sql, error);
        }
        let rows = start;
        let events: TrailEvent[] = [];
        while (!ctx.signal.aborted) {
          let chunk: Awaited<ReturnType<typeof result.fetchChunk>>;
          try {
            chunk = await result.fetchChunk();
          } catch (error) {
            throw new DuckDbQueryError(query.sql, error);
          }
          if (!chunk || chunk.rowCount === 0) break;
          const records = chunk.getColumnVector(0);
          const fileNames = chunk.getColumnVector(1);
          const indexes = chunk.getColumnVector(2);
          for (let i = 0; i < chunk.rowCount; i++) {
            rows++;
            const event = JSON.parse(records.getItem(i) as string) as TrailEvent;
            setOrigin(event, {
              source: name,
              object: fileNames.getItem(i) as string,
              index: Number(indexes.getItem(i)),
            });
            if (query.residual && !query.residual.test(event)) continue;
            events.push(event);
            if (events.length >= batchSize) {
              yield { events, position: { rows } };
              events = [];
            }
          }
        }
        if (events.length > 0) yield { events, position: { rows } };
      } finally {
        db.close();
      }
    },
  };
}
