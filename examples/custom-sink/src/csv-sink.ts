/**
 * A user-written trailkit Sink: CloudTrail events as CSV rows in one file, written in groups.
 *
 * This is the template for writing your own sink. The contract (`Sink` in `@trailkit/core`):
 *
 * - `write(items, ctx)` resolves once the items are **durably accepted**: the pipeline then saves the
 *   batch's position (checkpoint) and acks the source (e.g. deletes the SQS message). Never resolve earlier:
 *   if the process crashed after that, the items would be lost for good.
 * - Reject (throw) to make the pipeline retry the same items with backoff; after the last attempt the run
 *   stops with a `SinkError` (or the items go to the run's dead-letter sink). Writes can be retried, so
 *   make them idempotent or tolerate duplicates (delivery is at least once).
 * - `write` may be called again before an earlier call resolved (the pipeline keeps several batches in
 *   flight): keep the order yourself if it matters (here: one promise chain).
 * - `flush()` pushes out anything buffered; `close()` releases resources and is called once, after the last
 *   write and flush, also when the run is aborted or fails.
 *
 * This sink batches *across* writes to make fewer, bigger file writes: rows wait in memory for up to
 * `maxRows` rows or `maxWaitMs` milliseconds, and every `write` call resolves only when the group holding
 * its rows is on disk. That keeps the guarantee above while batching.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { ConfigError, type Sink, type TrailEvent, type WriteContext } from '@trailkit/core';

/** Options of {@link csvSink}. */
export interface CsvSinkOptions {
  /** The CSV file (created or truncated). */
  path: string;
  /** Write once this many rows are waiting (default 500). */
  maxRows?: number;
  /** ... or once the oldest waiting row has waited this long (default 200 ms). */
  maxWaitMs?: number;
}

/** The columns written, in order. */
export const CSV_COLUMNS = [
  'eventTime',
  'eventSource',
  'eventName',
  'principal',
  'awsRegion',
  'sourceIPAddress',
  'errorCode',
  'eventID',
] as const;

/** A sink that also tells how many file writes it made (for the example's output). */
export interface CsvSink extends Sink<TrailEvent> {
  readonly fileWrites: number;
}

/** One group of rows waiting to be written, and the writers waiting for it. */
interface Pending {
  text: string;
  rows: number;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/** Build the sink; options are validated here so mistakes show before the run starts. */
export function csvSink(options: CsvSinkOptions): CsvSink {
  if (typeof options?.path !== 'string' || options.path === '')
    throw new ConfigError('csvSink', 'path is required');
  const maxRows = options.maxRows ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 200;
  if (!Number.isInteger(maxRows) || maxRows < 1)
    throw new ConfigError('csvSink', 'maxRows must be an integer >= 1');
  if (!(maxWaitMs >= 0)) throw new ConfigError('csvSink', 'maxWaitMs must be >= 0');

  let handle: Promise<FileHandle> | undefined;
  let pending: Pending | undefined;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let fileWrites = 0;

  // Open lazily, write the header once.
  const file = (): Promise<FileHandle> => {
    handle ??= open(options.path, 'w').then(async (h) => {
      await h.write(`${CSV_COLUMNS.join(',')}\n`);
      return h;
    });
    return handle;
  };

  // Hand the waiting group to the write chain; its writers resolve when it is on disk.
  const drain = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const group = pending;
    pending = undefined;
    if (!group) return chain;
    chain = chain.then(async () => {
      try {
        await (await file()).write(group.text);
        fileWrites++;
        for (const w of group.waiters) w.resolve();
      } catch (error) {
        for (const w of group.waiters) w.reject(error);
      }
    });
    return chain;
  };

  return {
    name: `csv:${options.path}`,
    get fileWrites() {
      return fileWrites;
    },

    write(events: readonly TrailEvent[], ctx?: WriteContext): Promise<void> {
      ctx?.signal.throwIfAborted();
      if (events.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        pending ??= { text: '', rows: 0, waiters: [] };
        for (const e of events) pending.text += `${toRow(e)}\n`;
        pending.rows += events.length;
        pending.waiters.push({ resolve, reject });
        if (pending.rows >= maxRows) void drain();
        else timer ??= setTimeout(() => void drain(), maxWaitMs);
      });
    },

    async flush() {
      await drain();
    },

    async close() {
      await drain();
      if (handle) await (await handle).close();
      handle = undefined;
    },
  };
}

/** One CSV row (RFC 4180 quoting). */
function toRow(e: TrailEvent): string {
  const principal = e.userIdentity?.arn ?? e.userIdentity?.type ?? '';
  const values = [
    e.eventTime,
    e.eventSource,
    e.eventName,
    principal,
    e.awsRegion,
    e.sourceIPAddress,
    e.errorCode,
    e.eventID,
  ];
  return values.map((v) => csvField(v ?? '')).join(',');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
