import { setMaxListeners } from 'node:events';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { ReadContext, Source, SourceBatch } from '../../contracts';
import type { TrailEvent } from '../../event/trail-event';
import { WHOLE_GZIP_MAX } from '../../parser/decoded-bytes';
import { parse, parseClean } from '../../parser/parse';
import type { ParseError } from '../../errors';
import { setFilesInternals } from './internals';
import { listFiles } from './list-files';
import { type FilesSourceOptions, type ResolvedFilesOptions, resolveFilesOptions } from './options';
import { type FilesPosition, lastDone, position, readPosition } from './position';
import { ReadAhead } from './read-ahead';
import { Selection } from './selection';

/** Parsed chunks buffered per file read ahead of the consumer. */
const READ_AHEAD_CHUNKS = 2;
/** Bytes per read of a streamed (large) file. */
const STREAM_CHUNK = 1024 * 1024;

/**
 * A source over local files: CloudTrail log files (`.json.gz` as delivered to S3, or decompressed),
 * JSON arrays, NDJSON / JSON Lines, CloudWatch Logs subscription payloads and `LookupEvents` output:
 * anything `parse()` reads.
 *
 * `paths` may name files, directories (walked recursively) and globs. A downloaded
 * `AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/` tree is recognised: folders outside
 * `accounts`, `regions` and `since`/`until` are not read, and `CloudTrail-Digest` / `CloudTrail-Insight`
 * folders are skipped. Events are also filtered by `recipientAccountId`, `awsRegion` and their time
 * (`eventTime`, else `@timestamp`).
 *
 * Files are read `concurrency` at a time, yet events come out in sorted path order. The position is a
 * watermark in that order (the last finished file, plus how far into the current one), so it stays small
 * whatever the tree size; a resumed run skips every file sorting at or before the watermark (files added
 * there since are not read: resume finishes an interrupted run, a new run reads a grown tree).
 *
 * @throws `ConfigError` for invalid options (when called). While reading: `SourceError`
 * (`SOURCE_NOT_FOUND`, `SOURCE_READ_FAILED`, `SOURCE_BAD_POSITION`), and `ParseError` for bad input
 * (through `ctx.onInvalid`) or a failing read (`PARSE_INPUT_ERROR`).
 *
 * @example
 * ```ts
 * const source = filesSource({ paths: ['downloads/AWSLogs'], regions: ['us-east-1'], since: '2023-07-10' });
 * ```
 */
export function filesSource(options: FilesSourceOptions): Source {
  const resolved = resolveFilesOptions(options);
  const selection = new Selection(resolved);
  const source: Source = {
    name: resolved.name,
    read: (ctx) => readFiles(resolved, selection, ctx),
  };
  return setFilesInternals(source, { options: resolved, selection });
}

/**
 * One file being read: `next()` gives its events in file order, a chunk at a time (synchronously for a
 * small clean file, which is read and parsed in one call each when its turn comes), `undefined` at its end.
 */
interface FileReader {
  next(): Promise<TrailEvent[] | undefined> | TrailEvent[] | undefined;
  /** Compressed bytes read so far. */
  bytes(): number;
  close(): Promise<void>;
}

/** A file of at most this size (as stored) is read whole, else streamed and read ahead. */
function isSmall(file: string): boolean {
  try {
    return statSync(file).size <= WHOLE_GZIP_MAX;
  } catch {
    return false; // the stream reports the failure (`PARSE_INPUT_ERROR`)
  }
}

async function* readFiles(
  o: ResolvedFilesOptions,
  selection: Selection,
  ctx: ReadContext,
): AsyncGenerator<SourceBatch> {
  const resume = readPosition(ctx.from, o.name);
  const partial = resume?.partial;
  const batchSize = o.batchSize ?? ctx.batchSize ?? 500;
  const listed = await listFiles(o.paths, selection, o.name);
  const files = resume ? listed.filter((f) => !resume.isDone(f)) : listed;
  /** The last finished file: the watermark of the position. */
  let after = resume && listed.length > files.length ? lastDone(listed, resume) : undefined;
  ctx.log.debug('files selected', {
    source: o.name,
    files: files.length,
    skipped: listed.length - files.length,
  });

  const stop = new AbortController();
  // Every open file stream listens on this signal; read-ahead keeps up to `concurrency` of them open.
  setMaxListeners(o.concurrency + 10, stop.signal);
  const onAbort = () => stop.abort(ctx.signal.reason);
  if (ctx.signal.aborted) return;
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const readers = new Map<number, FileReader>();
  const parseOptions = (file: string) => ({
    name: file,
    source: 'files',
    batchSize: Math.min(batchSize, 1000),
    onInvalid: (error: ParseError) => ctx.onInvalid(error),
  });
  /** A file streamed and parsed ahead of its turn (`input`: its bytes when they were read whole). */
  const streamed = (file: string, input?: Buffer): FileReader => {
    let bytes = input?.length ?? 0;
    async function* chunks(): AsyncGenerator<Buffer> {
      for await (const chunk of createReadStream(file, {
        signal: stop.signal,
        highWaterMark: STREAM_CHUNK,
      })) {
        bytes += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    const ahead = new ReadAhead(parse(input ?? chunks(), parseOptions(file)), READ_AHEAD_CHUNKS);
    return { next: () => ahead.next(), bytes: () => bytes, close: () => ahead.close() };
  };
  /**
   * A small file, read and parsed synchronously when its turn comes (no stream, no thread-pool hop: the
   * per-file cost of a tree of small files), or handed to `parse()` when it is not a clean log file.
   */
  const small = (file: string): FileReader => {
    let state: 'unread' | 'read' | FileReader = 'unread';
    const next = (): Promise<TrailEvent[] | undefined> | TrailEvent[] | undefined => {
      if (state === 'read') return undefined;
      if (state !== 'unread') return state.next();
      let input: Buffer;
      try {
        input = readFileSync(file);
      } catch {
        state = streamed(file); // its stream reports the failure
        return state.next();
      }
      const events = parseClean(input, parseOptions(file));
      if (events === undefined) {
        state = streamed(file, input);
        return state.next();
      }
      state = 'read';
      bytesRead = input.length;
      return events;
    };
    let bytesRead = 0;
    return {
      next,
      bytes: () => (typeof state === 'object' ? state.bytes() : bytesRead),
      close: async () => {
        if (typeof state === 'object') await state.close();
      },
    };
  };
  const open = (file: string): FileReader => (isSmall(file) ? small(file) : streamed(file));

  let events: TrailEvent[] = [];
  let objects = 0;
  let bytes = 0;
  const batch = (position: FilesPosition): SourceBatch => {
    const out: SourceBatch = {
      events,
      position: position as unknown as SourceBatch['position'],
      objects,
      bytes,
    };
    events = [];
    objects = 0;
    bytes = 0;
    return out;
  };

  try {
    for (let i = 0; i < files.length; i++) {
      if (ctx.signal.aborted) return;
      for (let j = i; j < Math.min(files.length, i + o.concurrency); j++) {
        if (!readers.has(j)) readers.set(j, open(files[j] as string));
      }
      const file = files[i] as string;
      const reader = readers.get(i) as FileReader;
      const skip = partial?.file === file ? partial.records : 0;
      const keep = selection.eventFilter(file);
      let consumed = 0;
      let counted = 0;
      for (;;) {
        const next = reader.next();
        const chunk = next instanceof Promise ? await next : next;
        if (chunk === undefined) break;
        for (const event of chunk) {
          consumed++;
          if (consumed <= skip) continue;
          if (keep && !keep(event)) continue;
          events.push(event);
          if (events.length >= batchSize) {
            bytes += reader.bytes() - counted;
            counted = reader.bytes();
            yield batch(position(after, { file, records: consumed }));
            if (ctx.signal.aborted) return;
          }
        }
      }
      readers.delete(i);
      bytes += reader.bytes() - counted;
      objects++;
      after = file;
    }
    if (events.length > 0 || objects > 0) yield batch(position(after));
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    stop.abort();
    await Promise.all([...readers.values()].map((r) => r.close().catch(() => {})));
  }
}
