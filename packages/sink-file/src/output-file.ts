/** One file being written: a temp name while open, renamed to its final name when finished. */
import { constants } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import { FileSinkError } from './errors';
import { cutToComplete } from './complete-prefix';

/** Open flags: create a new file, never through a symbolic link. */
const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
/** Open flags: continue an existing file, never through a symbolic link. */
const CONTINUE = constants.O_WRONLY | constants.O_NOFOLLOW;

/** An open output file. Not safe for concurrent use: the sink serialises calls. */
export class OutputFile {
  /** When the file was opened (ms since epoch). */
  readonly openedAt: number;

  private constructor(
    private readonly handle: FileHandle,
    /** Where the file is written until it is finished (a dot-file with a `.tmp` suffix). */
    readonly tempPath: string,
    /** Where the file appears once finished. */
    readonly finalPath: string,
    private readonly fsync: boolean,
    /** Bytes in the file so far. */
    public bytes: number,
  ) {
    this.openedAt = Date.now();
  }

  /** Create the temp file (failing if it already exists or is a link); its directory must exist. */
  static async open(tempPath: string, finalPath: string, fsync: boolean): Promise<OutputFile> {
    try {
      const handle = await open(tempPath, CREATE, 0o644);
      return new OutputFile(handle, tempPath, finalPath, fsync, 0);
    } catch (error) {
      throw new FileSinkError('FILE_SINK_IO', tempPath, `cannot create: ${message(error)}`, { cause: error });
    }
  }

  /**
   * Continue a temp file that already holds accepted data (left by a crashed run, or a copy of the output
   * being appended to): cut it back to its last complete line or gzip member, then append after it.
   */
  static async adopt(
    tempPath: string,
    finalPath: string,
    fsync: boolean,
    gzip: boolean,
  ): Promise<OutputFile> {
    try {
      const bytes = await cutToComplete(tempPath, gzip);
      const handle = await open(tempPath, CONTINUE);
      return new OutputFile(handle, tempPath, finalPath, fsync, bytes);
    } catch (error) {
      if (FileSinkError.isInstance(error)) throw error;
      throw new FileSinkError('FILE_SINK_IO', tempPath, `cannot continue: ${message(error)}`, {
        cause: error,
      });
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

  /** Sync (when `fsync` is on) and close, keeping the temp name. */
  async close(): Promise<void> {
    try {
      if (this.fsync) await this.handle.sync();
      await this.handle.close();
    } catch (error) {
      throw new FileSinkError('FILE_SINK_IO', this.tempPath, `close failed: ${message(error)}`, {
        cause: error,
      });
    }
  }

  /** Sync (when `fsync` is on), close and rename to the final name. Returns the final path. */
  async finish(): Promise<string> {
    await this.close();
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
