/**
 * @trailkit/sink-file: write CloudTrail events and findings as NDJSON files (optionally gzip), CSV or Parquet,
 * with rotation by size and age, partitioned paths and atomic finalize.
 * @packageDocumentation
 */
export { fileSink, type FileSink } from './file-sink';
export type { FileSinkDirOptions, FileSinkOptions, FileSinkPathOptions, RotateOptions } from './options';
export { FileSinkError, type FileSinkErrorCode } from './errors';
export { PARTITION_FIELDS, safeSegment, type PartitionField } from './partition';
export { recoverTempFiles, type RecoverOptions } from './recover';
export {
  type CsvColumn,
  csvHeader,
  EVENT_CSV_COLUMNS,
  encodeCsvRecords,
  FINDING_CSV_COLUMNS,
} from './encode-csv';
export {
  EVENT_PARQUET_COLUMNS,
  FINDING_PARQUET_COLUMNS,
  type ParquetColumn,
  type ParquetColumnKind,
} from './parquet-schema';
