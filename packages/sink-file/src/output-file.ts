/** One file being written: a temp name while open, renamed to its final name when finished. */
import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FileSinkError } from './errors';

/** An open output file. Not safe for concurrent use: the sink serialises calls. */
export class OutputFile {
  /** Bytes appended so far. */
  bytes = 0;
  /** When the file was opened (ms since epoch). */
  readonly openedAt: number;

  private constructor(
    private readonly handle: FileHandle,
    /** Where the file is written until it is finished (a dot-file with a `.tmp` suffix). */
    readonly tempPath: string,
    /** Where the file appears once finished. */
    readonly finalPath: string,
    private readonly fsync: boolean,
  ) {
    this.openedAt = Date.now();
  }

  /** Create the parent directory and the temp file (failing if it already exists). */
  static async open(tempPath: string, finalPath: string, fsync: boolean): Promise<OutputFile> {
    try {
      await mkdir(dirname(tempPath), { recursive: true });
      const handle = await open(tempPath, 'wx');
      return new OutputFile(handle, tempPath, finalPath, fsync);
    } catch (error) {
      throw new FileSinkError('FILE_SINK_IO', tempPath, `cannot create: ${message(error)}`, { cause: error });
    }
  }

  /**
   * Append bytes through the file descriptor; resolves once the OS has them (and they are synced when
   * `fsync` is on). On failure the file is truncated back to its previous size, so a retried write does
   * not leave a partial line or gzip member behind.
   */
  async append(data: Uint8Array): Promise<void> {
    const start = this.bytes;
    try {
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await this.handle.write(data, done, data.length - done, start + done);
        done += bytesWritten;
      }
      if (this.fsync) await this.handle.datasync();
      this.bytes = start + data.length;
    } catch (error) {
      await this.handle.truncate(start).catch(() => undefined);
      throw new FileSinkError('FILE_SINK_IO', this.tempPath, `write failed: ${message(error)}`, {
        cause: error,
      });
    }
  }

  /** Sync (when `fsync` is on), close and rename to the final name. Returns the final path. */
  async finish(): Promise<string> {
    try {
      if (this.fsync) await this.handle.sync();
      await this.handle.close();
    } catch (error) {
      throw new FileSinkError('FILE_SINK_IO', this.tempPath, `close failed: ${message(error)}`, {
        cause: error,
      });
    }
    try {
      await rename(this.tempPath, this.finalPath);
    } catch (error) {
      throw new FileSinkError(
        'FILE_SINK_FINALIZE',
        this.tempPath,
        `cannot rename to ${this.finalPath}: ${message(error)}`,
        { cause: error },
      );
    }
    return this.finalPath;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
