/** `fileSink({ format: 'csv' })`: RFC 4180 files read back with csv-parse, every event compared. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { TrailEvent } from '@trailkit/core';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_CSV_COLUMNS, fileSink } from '../src/index';
import { listFiles, realEvents, stratusEvents } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailkit-csv-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ctx = { signal: new AbortController().signal };

/** Oracle: the cell text of one column for one event, computed from the event by hand. */
function expected(event: TrailEvent, header: string): string {
  const pick = (path: string): unknown =>
    path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], event);
  const value = pick(header);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function readCsv(path: string): string[][] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return parse(text, { relax_column_count: false }) as string[][];
}

describe('fileSink format csv', () => {
  it('writes one header and one record per real event; every cell reads back', async () => {
    const events = [...realEvents(2), ...stratusEvents()];
    const path = join(dir, 'events.csv');
    const sink = fileSink({ path, format: 'csv' });
    await sink.write(events.slice(0, 100), ctx);
    await sink.write(events.slice(100), ctx);
    await sink.close?.();
    const rows = readCsv(path);
    expect(rows[0]).toEqual(EVENT_CSV_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(events.length + 1);
    const headers = rows[0]!;
    for (const [i, event] of events.entries()) {
      const row = rows[i + 1]!;
      for (const [j, h] of headers.entries())
        expect(row[j], `${event.eventID} ${h}`).toBe(expected(event, h));
    }
    // RFC 4180: records end in CRLF
    expect(readFileSync(path, 'utf8').endsWith('\r\n')).toBe(true);
  });

  it('partitioned and gzip: .csv.gz files, each with its own header', async () => {
    const events = stratusEvents();
    const sink = fileSink({ dir, format: 'csv', gzip: true, partitionBy: 'account/region/date' });
    await sink.write(events, ctx);
    await sink.close?.();
    const files = listFiles(dir);
    expect(files.length).toBeGreaterThan(0);
    let records = 0;
    for (const f of files) {
      expect(f).toMatch(/\.csv\.gz$/);
      const rows = readCsv(join(dir, f));
      expect(rows[0]![0]).toBe('eventTime');
      records += rows.length - 1;
    }
    expect(records).toBe(events.length);
  });

  it('an appended file keeps one header', async () => {
    const events = stratusEvents();
    const path = join(dir, 'events.csv');
    for (const part of [events.slice(0, 3), events.slice(3)]) {
      const sink = fileSink({ path, format: 'csv', append: true });
      await sink.write(part, ctx);
      await sink.close?.();
    }
    const rows = readCsv(path);
    expect(rows.filter((r) => r[0] === 'eventTime')).toHaveLength(1);
    expect(rows).toHaveLength(events.length + 1);
  });

  it('refuses an unknown format', () => {
    expect(() => fileSink({ path: join(dir, 'x'), format: 'xml' as never })).toThrow(/format must be/);
  });
});
