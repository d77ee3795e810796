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
import type { Sink, TrailEvent } from '@trailkit/core';
import { batchSink, type OptionsSchema, validateOptions } from '@trailkit/core/plugin';

/** Options of {@link csvSink}. */
export interface CsvSinkOptions {
  /** The CSV file (created or truncated). */
  path: string;
  /** Write once this many rows are waiting (default 500). */
  maxRows?: number;
  /** ... or once the oldest waiting row has waited this long (default 200 ms). */
  maxWaitMs?: number;
}

/** The options' schema: validation with clear messages, defaults, and (with `optionsTable`) a README table. */
export const CSV_SINK_OPTIONS = {
  properties: {
    path: { type: 'string', minLength: 1, description: 'the CSV file (created or truncated)' },
    maxRows: {
      type: 'integer',
      minimum: 1,
      default: 500,
      description: 'write once this many rows are waiting',
    },
    maxWaitMs: {
      type: 'integer',
      minimum: 0,
      default: 200,
      description: '... or once the oldest waiting row has waited this long',
    },
  },
  required: ['path'],
} satisfies OptionsSchema;

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
  const o = validateOptions<Required<CsvSinkOptions>>('csvSink', CSV_SINK_OPTIONS, options);
  let file: Promise<FileHandle> | undefined;
  let fileWrites = 0;
  // Open lazily, write the header once.
  const openFile = () =>
    (file ??= open(o.path, 'w').then(async (handle) => {
      await handle.write(`${CSV_COLUMNS.join(',')}\n`);
      return handle;
    }));

  const sink = batchSink<TrailEvent>({
    name: `csv:${o.path}`,
    maxItems: o.maxRows,
    maxWaitMs: o.maxWaitMs,
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
