/** Read Parquet files back with DuckDB (`@duckdb/node-api`), as a user of the output would. */
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Every row of the Parquet files, as JSON-friendly objects: timestamps as epoch milliseconds
 * (`<column>Ms`), structs as objects, everything else as DuckDB reads it.
 */
export async function readParquetRows(
  files: readonly string[],
  timeColumn = 'eventTime',
): Promise<Record<string, unknown>[]> {
  if (files.length === 0) return [];
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  try {
    const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
    const reader = await connection.runAndReadAll(
      `SELECT *, epoch_ms(${timeColumn})::DOUBLE AS ${timeColumn}Ms FROM read_parquet([${list}], filename = true)`,
    );
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The column names and DuckDB types of a Parquet file. */
export async function parquetColumns(file: string): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`,
    );
    const rows = reader.getRowObjectsJson() as { column_name: string; column_type: string }[];
    return Object.fromEntries(rows.map((r) => [r.column_name, r.column_type]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
