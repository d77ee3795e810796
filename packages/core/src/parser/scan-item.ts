import type { ParseErrorCode } from '../errors';

/** Which array a record came from. */
export type Container = 'Records' | 'Events' | 'logEvents' | 'array' | 'top';

/** What the scanner found. Offsets are absolute byte offsets in the decompressed stream. */
export type ScanItem =
  | { kind: 'record'; text: string; offset: number; container: Container }
  /**
   * Several consecutive records, already parsed (the window fast paths): elements of a `Records` or
   * top-level array (container `Records`/`array`: plain objects, not `LookupEvents` results), or whole
   * NDJSON lines (container `top`: plain event objects, not wrappers, digests or other documents).
   */
  | {
      kind: 'records';
      values: Record<string, unknown>[];
      offset: number;
      container: Container;
      /** Source bytes of these records (for `maxBatchBytes`). */
      bytes: number;
    }
  | { kind: 'doc'; text: string; offset: number }
  /** A top-level object already parsed (a whole line that was valid JSON: the NDJSON fast path). */
  | { kind: 'value'; value: unknown; offset: number; bytes: number }
  | { kind: 'wrapper'; key: 'Records' | 'Events' | 'logEvents'; meta: string; offset: number }
  | {
      kind: 'error';
      code: ParseErrorCode;
      detail: string;
      offset: number;
      /** The error stands for one record (it takes a record index). */
      isRecord: boolean;
      /** Scanning cannot go on after this error. */
      fatal: boolean;
    };
