/** Sinks the CLI writes its results through: NDJSON, CSV or OCSF on stdout, and a collector for table/JSON output. */
import type { Finding, Sink, TrailEvent } from '@trailkit/core';
import { type OutputStream, writeText } from './io';

/** One JSON document per line on `stream`, respecting backpressure. */
export function ndjsonStdoutSink<T>(stream: OutputStream): Sink<T> {
  return {
    name: 'stdout',
    async write(items) {
      let text = '';
      for (const item of items) text += `${JSON.stringify(item)}\n`;
      if (text !== '') await writeText(stream, text);
    },
  };
}

/**
 * RFC 4180 CSV on `stream` (sink-file's columns): the header before the first record, then the records.
 * `@trailkit/sink-file` is loaded here, not at the CLI's start.
 */
export async function csvStdoutSink(stream: OutputStream): Promise<Sink<TrailEvent | Finding>> {
  const { csvHeader, encodeCsvRecords } = await import('@trailkit/sink-file');
  let started = false;
  return {
    name: 'stdout',
    async write(items) {
      if (items.length === 0) return;
      const header = started ? '' : csvHeader(items[0] as TrailEvent | Finding);
      started = true;
      await writeText(stream, header + encodeCsvRecords(items));
    },
  };
}

/**
 * OCSF NDJSON on `stream` (`@trailkit/ocsf`, loaded here, not at the CLI's start): events as API Activity,
 * findings as Detection Finding.
 */
export async function ocsfStdoutSink(stream: OutputStream): Promise<Sink<TrailEvent | Finding>> {
  const { ocsfMapper } = await import('@trailkit/ocsf');
  const mapper = ocsfMapper();
  return {
    name: 'stdout',
    async write(items) {
      const text = mapper.lines(items);
      if (text !== '') await writeText(stream, text);
    },
  };
}

/** Keeps the first `limit` items (all with `Infinity`) and counts the rest. */
export interface Collector<T> extends Sink<T> {
  readonly items: T[];
  readonly count: number;
}

/** A sink that keeps at most `limit` items in memory and counts every item. */
export function collectorSink<T>(limit: number): Collector<T> {
  const items: T[] = [];
  let count = 0;
  return {
    name: 'collector',
    items,
    get count() {
      return count;
    },
    async write(batch) {
      count += batch.length;
      for (const item of batch) {
        if (items.length >= limit) break;
        items.push(item);
      }
    },
  };
}
