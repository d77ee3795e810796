/**
 * One Parquet output file. Parquet cannot be appended to (its footer is written last), so accepted items go
 * first to a journal: NDJSON lines in a hidden temp file, appended and synced like the NDJSON format's files,
 * so a write that resolved survives a crash. When the file is finished (rotation, `flush`, `close`), the
 * journal is encoded to a hidden Parquet temp file, which is synced and renamed to the final name; only then
 * is the journal removed. Each step leaves a state recovery can finish:
 *
 * | on disk                                   | meaning                       | recovery                     |
 * |-------------------------------------------|-------------------------------|------------------------------|
 * | `.<name>.rows.tmp`                        | journal of accepted items     | encode it (complete lines)   |
 * | `.<name>.rows.tmp` + `.<name>.tmp`        | encoding was under way        | delete the temp, re-encode   |
 * | `.<name>.rows.tmp` + `<name>`             | renamed, journal not yet gone | delete the journal           |
 * | `<name>`                                  | complete                      | nothing                      |
 *
 * A Parquet file is therefore visible only complete, and a dead writer's half-encoded one is discarded.
 */
import { constants } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Finding, TrailEvent } from '@trailkit/core';
import { FileSinkError } from './errors';
import { OutputFile } from './output-file';
import {
  EVENT_PARQUET_COLUMNS,
  eventRow,
  FINDING_PARQUET_COLUMNS,
  findingRow,
  type ParquetRow,
} from './parquet-schema';
import { cutToComplete } from './complete-prefix';

/** What a Parquet file holds: events, or findings (each kind has its own columns). */
export type ParquetKind = 'events' | 'findings';

/** Suffix of a Parquet file's journal, after the final name: `.<name>.rows.tmp`. */
export const JOURNAL_SUFFIX = '.rows.tmp';

/** A Parquet file being written: items go to its journal until it is finished. */
export class ParquetOutputFile {
  private constructor(
    private readonly journal: OutputFile,
    /** Where the Parquet file is encoded before it is renamed. */
    readonly encodingPath: string,
    /** Where the Parquet file appears once finished. */
    readonly finalPath: string,
    private readonly kind: ParquetKind,
    private readonly fsync: boolean,
  ) {}

  /** Create the journal (failing if it exists or is a link); its directory must exist. */
  static async open(
    journalPath: string,
    encodingPath: string,
    finalPath: string,
    kind: ParquetKind,
    fsync: boolean,
  ): Promise<ParquetOutputFile> {
    const journal = await OutputFile.open(journalPath, journalPath, fsync);
    return new ParquetOutputFile(journal, encodingPath, finalPath, kind, fsync);
  }

  /** When the file was opened (ms since epoch). */
  get openedAt(): number {
    return this.journal.openedAt;
  }

  /** Bytes accepted so far (as NDJSON in the journal). */
  get bytes(): number {
    return this.journal.bytes;
  }

  /** Append NDJSON lines (whole items) to the journal; see `OutputFile.append`. */
  append(data: Uint8Array): Promise<void> {
    return this.journal.append(data);
  }

  /** Close the journal, encode it to Parquet and rename it to its final name. Returns the final path. */
  async finish(): Promise<string> {
    await this.journal.close();
    await encodeJournal(
      this.journal.tempPath,
      this.encodingPath,
      this.finalPath,
      this.kind,
      this.fsync,
      true,
    );
    return this.finalPath;
  }
}

/**
 * Encode a journal (complete NDJSON lines) to `finalPath` through `encodingPath`, then remove the journal.
 * An earlier attempt's `encodingPath` is replaced. With `replace` (the sink finishing its own file), an
 * existing `finalPath` is replaced; without it (recovery of a dir's uniquely named files), an existing
 * `finalPath` means an earlier attempt got as far as the rename, and only the journal is removed. A journal with no complete line is removed, and
 * then nothing is written: resolves with `undefined`.
 *
 * @throws FileSinkError when a file cannot be read, encoded, renamed or removed.
 */
export async function encodeJournal(
  journalPath: string,
  encodingPath: string,
  finalPath: string,
  kind: ParquetKind,
  fsync: boolean,
  replace = false,
): Promise<string | undefined> {
  try {
    await removeIfThere(encodingPath);
    if (!replace && (await exists(finalPath))) {
      await unlink(journalPath);
      return finalPath;
    }
    if ((await cutToComplete(journalPath, false)) === 0) {
      await unlink(journalPath);
      return undefined;
    }
    const columns = kind === 'findings' ? FINDING_PARQUET_COLUMNS : EVENT_PARQUET_COLUMNS;
    // loaded on first use: NDJSON and CSV users never load the Parquet writer
    const { writeParquetFile } = await import('./encode-parquet');
    await writeParquetFile(encodingPath, columns, journalRows(journalPath, kind), fsync);
    await rename(encodingPath, finalPath);
    await unlink(journalPath);
    return finalPath;
  } catch (error) {
    if (FileSinkError.isInstance(error)) throw error;
    throw new FileSinkError(
      'FILE_SINK_FINALIZE',
      journalPath,
      `cannot encode to Parquet ${finalPath}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** The rows of a journal, read line by line (never through a symbolic link). */
async function* journalRows(path: string, kind: ParquetKind): AsyncGenerator<ParquetRow> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  const stream = handle.createReadStream();
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (line === '') continue;
      const item = JSON.parse(line) as TrailEvent | Finding;
      yield kind === 'findings' ? findingRow(item as Finding) : eventRow(item as TrailEvent);
    }
  } finally {
    lines.close();
    stream.destroy();
    await handle.close().catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function removeIfThere(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
