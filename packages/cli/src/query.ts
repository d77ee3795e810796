/** `trailkit query <path> "SQL"`: ad-hoc SQL over local CloudTrail files through the embedded DuckDB view. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT, UsageError } from './errors';
import { type CliIo, writeText } from './io';
import { renderTable } from './table';

/** Output formats of `trailkit query`. */
export type QueryFormat = 'table' | 'json' | 'ndjson' | 'csv';

/** Options of `trailkit query`. */
export interface QueryOptions {
  format: QueryFormat;
}

const EXAMPLES = `
The files are seen as one view, "cloudtrail", with the Athena CloudTrail table's columns (eventtime,
eventsource, eventname, errorcode, useridentity as a struct, requestparameters as JSON text, ...), the
partitions account, region and "timestamp" (yyyy/MM/dd) from the AWSLogs/ path, and record (the JSON text).

Examples:
  $ trailkit query AWSLogs/ "SELECT eventname, count(*) AS n FROM cloudtrail GROUP BY 1 ORDER BY n DESC LIMIT 10"
  $ trailkit query logs/ "SELECT eventtime, useridentity.arn, errorcode FROM cloudtrail
      WHERE errorcode LIKE 'AccessDenied%'" --format csv

Exit codes: 0 ok, 2 bad SQL or input, 3 unexpected error.`;

/** Add `query <path> <sql>` to the program; `setExit` receives the exit code. */
export function registerQueryCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('query')
    .description('ask local CloudTrail files questions in SQL (embedded DuckDB, no AWS account)')
    .argument('<path>', 'a CloudTrail file or folder (read recursively)')
    .argument('<sql>', 'a DuckDB SQL statement over the view "cloudtrail"')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'ndjson', 'csv'])
        .default('table'),
    )
    .addHelpText('after', EXAMPLES)
    .action(async (path: string, sql: string, options: QueryOptions) => {
      setExit(await query(path, sql, options, io));
    });
}

/** Run one SQL statement over the files under `path` and write the rows. Resolves with the exit code. */
export async function query(path: string, sql: string, options: QueryOptions, io: CliIo): Promise<number> {
  const { listTrailFiles, openCloudTrailDatabase, DuckDbQueryError } = await import(
    '@trailkit/source-duckdb'
  );
  let files: Awaited<ReturnType<typeof listTrailFiles>>;
  try {
    files = await listTrailFiles([path]);
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
  const db = await openCloudTrailDatabase(files.map((f) => f.path));
  try {
    let result: Awaited<ReturnType<typeof db.connection.stream>>;
    try {
      result = await db.connection.stream(sql);
    } catch (error) {
      throw new DuckDbQueryError(sql, error);
    }
    const names = result.columnNames();
    const write = rowWriter(options.format, names, io);
    try {
      for await (const rows of result.yieldRowObjectJs()) {
        if (io.signal?.aborted) break;
        for (const row of rows) await write.row(plainRow(row));
      }
    } catch (error) {
      throw new DuckDbQueryError(sql, error);
    }
    await write.end();
    return EXIT.OK;
  } finally {
    db.close();
  }
}

interface RowWriter {
  row(row: Record<string, unknown>): Promise<void>;
  end(): Promise<void>;
}

/** Streams rows out (json, ndjson, csv); `table` keeps the rows to size its columns. */
function rowWriter(format: QueryFormat, names: readonly string[], io: CliIo): RowWriter {
  const out = (text: string) => writeText(io.stdout, text);
  switch (format) {
    case 'ndjson':
      return { row: (row) => out(`${JSON.stringify(row)}\n`), end: async () => {} };
    case 'json': {
      let first = true;
      return {
        row: async (row) => {
          await out(`${first ? '[\n' : ',\n'}${JSON.stringify(row)}`);
          first = false;
        },
        end: () => out(first ? '[]\n' : '\n]\n'),
      };
    }
    case 'csv': {
      let header = false;
      const line = (values: readonly unknown[]) => `${values.map(csvCell).join(',')}\r\n`;
      return {
        row: async (row) => {
          if (!header) await out(line(names));
          header = true;
          await out(line(names.map((n) => row[n])));
        },
        end: async () => {
          if (!header) await out(line(names));
        },
      };
    }
    case 'table': {
      const rows: string[][] = [];
      return {
        row: async (row) => {
          rows.push(names.map((n) => text(row[n])));
        },
        end: () =>
          out(
            `${renderTable(
              names.map((header) => ({ header, max: 60 })),
              rows,
            )}\n`,
          ),
      };
    }
  }
}

/** A row with JSON-friendly values: BIGINTs as numbers when exact (else text), maps and the like as objects. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = plain(value);
  return out;
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. */
function csvCell(value: unknown): string {
  const t = text(value);
  return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}
