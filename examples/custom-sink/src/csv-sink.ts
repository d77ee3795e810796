/**
 * A user-written trailkit Sink: CloudTrail events as CSV rows in one file, written in groups. The template
 * for your own sink: `batchSink` (from `@trailkit/core/plugin`) does the batching across writes and the
 * lifecycle (`defineSink`: close flushes, waits for writes in progress, closes once); you write `send`.
 *
 * The contract (`Sink` in `@trailkit/core`, see "Plugin contracts" in its README):
 * - `write` resolves once the items are durably accepted: only then does the pipeline save the batch's
 *   position and ack its source. `batchSink` resolves each `write` once the group holding its rows was sent.
 * - Make one attempt and throw on failure: the pipeline owns retries (with backoff) and the dead letter.
 *   Throw an error with `isRetryable: false` for what a retry cannot fix; throw `PartialWriteError` when
 *   part of the items was delivered. Delivery is at least once: tolerate duplicates.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { ConfigError, type Sink, type TrailEvent } from '@trailkit/core';
import { batchSink } from '@trailkit/core/plugin';

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

/** Build the sink; options are validated here so mistakes show before the run starts. */
export function csvSink(options: CsvSinkOptions): CsvSink {
  if (typeof options?.path !== 'string' || options.path === '')
    throw new ConfigError('csvSink', 'path is required');
  let file: Promise<FileHandle> | undefined;
  let fileWrites = 0;
  // Open lazily, write the header once.
  const openFile = () =>
    (file ??= open(options.path, 'w').then(async (handle) => {
      await handle.write(`${CSV_COLUMNS.join(',')}\n`);
      return handle;
    }));

  const sink = batchSink<TrailEvent>({
    name: `csv:${options.path}`,
    maxItems: options.maxRows ?? 500,
    maxWaitMs: options.maxWaitMs ?? 200,
    async send(events) {
      await (await openFile()).write(events.map(toRow).join(''));
      fileWrites++;
    },
    async close() {
      if (file) await (await file).close();
      file = undefined;
    },
  });
  return {
    ...sink,
    get fileWrites() {
      return fileWrites;
    },
  };
}

/** One CSV row (RFC 4180 quoting), with its line end. */
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
  return `${values.map((v) => csvField(v ?? '')).join(',')}\n`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
