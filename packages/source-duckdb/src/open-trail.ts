import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DuckDbQueryError } from './errors';
import { cloudTrailViewSql } from './view-sql';

/** An in-memory DuckDB connection with the `cloudtrail` view over a set of files. */
export interface CloudTrailDatabase {
  /** The connection (run any SQL over `cloudtrail` on it). */
  connection: DuckDBConnection;
  /** Close the connection and the database. */
  close(): void;
}

/** Settings of {@link openCloudTrailDatabase}. */
export interface OpenCloudTrailOptions {
  /** DuckDB threads (default: DuckDB's own). */
  threads?: number;
}

/**
 * Open an in-memory DuckDB database (no extension is loaded or downloaded) with the `cloudtrail` view over
 * the files (see `listTrailFiles`).
 *
 * @throws DuckDbQueryError when DuckDB fails to create the view.
 */
export async function openCloudTrailDatabase(
  files: readonly string[],
  options: OpenCloudTrailOptions = {},
): Promise<CloudTrailDatabase> {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    ...(options.threads ? { threads: String(options.threads) } : {}),
  });
  const connection = await instance.connect();
  for (const statement of cloudTrailViewSql(files)) {
    try {
      await connection.run(statement);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw new DuckDbQueryError(statement, error);
    }
  }
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
