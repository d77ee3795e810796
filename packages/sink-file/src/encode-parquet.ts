/**
 * Rows to one Parquet file through `hyparquet-writer` (pure JavaScript, from the npm registry): row groups
 * are encoded as rows arrive and written through a file descriptor, so memory is bounded by a row group.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { ByteWriter, parquetWriteRows } from 'hyparquet-writer';
import type { ParquetColumn, ParquetRow } from './parquet-schema';

/** Rows per row group: large enough for good compression, small enough to bound memory. */
export const ROW_GROUP_SIZE = 10_000;

/** A Parquet schema element (hyparquet-writer's `SchemaElement`). */
type SchemaElement = Parameters<typeof parquetWriteRows>[0] extends { schema?: (infer E)[] } ? E : never;

function element(c: ParquetColumn): SchemaElement[] {
  switch (c.kind) {
    case 'timestamp':
      return [
        {
          name: c.name,
          type: 'INT64',
          repetition_type: 'OPTIONAL',
          converted_type: 'TIMESTAMP_MILLIS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        },
      ];
    case 'boolean':
      return [{ name: c.name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' }];
    case 'struct': {
      const fields = c.fields ?? [];
      return [
        { name: c.name, repetition_type: 'OPTIONAL', num_children: fields.length },
        ...fields.flatMap(element),
      ];
    }
    default:
      // JSON text is a plain UTF-8 string: every reader (DuckDB, Athena/Trino, Spark) reads it as text
      return [{ name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }];
  }
}

/** The Parquet schema (flattened, depth-first) of a column list. */
export function parquetSchema(columns: readonly ParquetColumn[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.flatMap(element)];
}

/** hyparquet-writer's `Writer`, flushing its buffer to a file descriptor after each row group. */
class HandleWriter extends ByteWriter {
  /** Bytes already written to the file. */
  private written = 0;
  constructor(private readonly handle: FileHandle) {
    super(1 << 20);
  }

  async flush(): Promise<void> {
    const bytes = new Uint8Array(this.buffer, 0, this.index);
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, this.written + done);
      done += bytesWritten;
    }
    this.written += bytes.length;
    this.index = 0;
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

/**
 * Write `rows` as a new Parquet file at `path` (created, never through a symbolic link, failing if it
 * exists), synced with `fsync`. Resolves with the file's size once it is complete and closed.
 */
export async function writeParquetFile(
  path: string,
  columns: readonly ParquetColumn[],
  rows: Iterable<ParquetRow> | AsyncIterable<ParquetRow>,
  fsync: boolean,
): Promise<number> {
  const handle = await open(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o644,
  );
  try {
    const writer = new HandleWriter(handle);
    await parquetWriteRows({
      writer,
      rows,
      columns: columns.map((c) => ({ name: c.name })),
      schema: parquetSchema(columns),
      rowGroupSize: ROW_GROUP_SIZE,
      createdBy: 'trailkit',
    });
    if (fsync) await handle.sync();
    return writer.offset;
  } finally {
    await handle.close();
  }
}
