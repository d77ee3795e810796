/**
 * Errors thrown by `@trailkit/sink-file`. Option errors are core's `ConfigError`; everything that goes wrong
 * on disk is a {@link FileSinkError}.
 */
import { TrailkitError } from '@trailkit/core';
import { hasErrorKind } from '@trailkit/core/plugin';

/** Codes of {@link FileSinkError}. */
export type FileSinkErrorCode =
  /** Opening, writing, syncing or closing a file failed (disk full, permissions, ...). */
  | 'FILE_SINK_IO'
  /** Renaming a finished temp file to its final name failed. */
  | 'FILE_SINK_FINALIZE'
  /** Path mode with `format: 'parquet'`: an item of the other kind (events vs findings) than the file holds. */
  | 'FILE_SINK_MIXED_KINDS'
  /** `write` was called after `close`. */
  | 'FILE_SINK_CLOSED'
  /** A path outside `dir` (never from sanitised values), or a symbolic link inside the output tree. */
  | 'FILE_SINK_UNSAFE_PATH';

/**
 * Thrown by the file sink when the file system refuses an operation, or when the sink is used after
 * `close()`. `file` names the file involved; `cause` holds the underlying Node error.
 */
export class FileSinkError extends TrailkitError {
  static override readonly kind: string = 'FileSinkError';
  declare readonly code: FileSinkErrorCode;
  /** The file (temp or final path) involved. */
  readonly file: string;

  constructor(code: FileSinkErrorCode, file: string, detail: string, options?: { cause?: unknown }) {
    super(code, `file sink (${file}): ${detail}`, options);
    this.name = 'FileSinkError';
    this.file = file;
  }

  /** True for a {@link FileSinkError} from any copy of the package. */
  static override isInstance(error: unknown): error is FileSinkError {
    return hasErrorKind(error, 'FileSinkError');
  }
}
