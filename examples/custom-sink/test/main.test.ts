import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { TrailEvent } from '@trailkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvSink } from '../src/csv-sink';
import { main, SAMPLES } from '../src/main';

const DAY = join(SAMPLES, '218007301253/CloudTrail/us-east-1/2023/07/10');
/** Oracle: every sample record, read with JSON.parse. */
const records = readdirSync(DAY)
  .filter((f) => f.endsWith('.json.gz'))
  .flatMap(
    (f) =>
      (JSON.parse(gunzipSync(readFileSync(join(DAY, f))).toString()) as { Records: TrailEvent[] }).Records,
  );

/** Minimal RFC 4180 reader for the test. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  return rows;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'custom-sink-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('custom sink example', () => {
  it('writes every failed call of the samples as CSV, in groups', async () => {
    const output = join(dir, 'failed.csv');
    const { summary, fileWrites } = await main({ output, maxRows: 50 });
    const failed = records.filter((e) => e.errorCode !== undefined);
    expect(failed.length).toBeGreaterThan(50);
    expect(summary.events.read).toBe(records.length);
    expect(summary.events.passed).toBe(failed.length);
    const [header, ...rows] = readCsv(readFileSync(output, 'utf8'));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => r[7]).sort()).toEqual(failed.map((e) => e.eventID).sort());
    const byId = new Map(failed.map((e) => [e.eventID, e]));
    for (const r of rows) {
      const e = byId.get(r[7])!;
      expect(r.slice(0, 3)).toEqual([e.eventTime, e.eventSource, e.eventName]);
      expect(r[6]).toBe(e.errorCode);
    }
    // batching across writes: at most one file write per pipeline batch
    expect(fileWrites).toBeGreaterThan(0);
    expect(fileWrites).toBeLessThanOrEqual(summary.batches);
  });

  it('resolves a write only once its rows are in the file', async () => {
    const output = join(dir, 'one.csv');
    const sink = csvSink({ path: output, maxRows: 1000, maxWaitMs: 30 });
    const signal = new AbortController().signal;
    await sink.write(records.slice(0, 3), { signal });
    // not enough rows for a group: the timer wrote them before write() resolved
    expect(readCsv(readFileSync(output, 'utf8'))).toHaveLength(4);
    const pending = sink.write(records.slice(3, 5), { signal });
    await sink.flush!();
    await pending;
    await sink.close!();
    expect(readCsv(readFileSync(output, 'utf8'))).toHaveLength(6);
    expect(sink.fileWrites).toBe(2);
  });

  it('quotes fields as RFC 4180', async () => {
    const output = join(dir, 'quote.csv');
    const sink = csvSink({ path: output, maxWaitMs: 0 });
    const tricky = { ...records[0]!, eventName: 'a,"b"\nc' };
    await sink.write([tricky], { signal: new AbortController().signal });
    await sink.close!();
    expect(readCsv(readFileSync(output, 'utf8'))[1]![2]).toBe('a,"b"\nc');
  });

  it('runs as a script', () => {
    const script = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const output = join(dir, 'script.csv');
    const stdout = execFileSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', script, SAMPLES, output],
      {
        encoding: 'utf8',
      },
    );
    const failed = records.filter((e) => e.errorCode !== undefined).length;
    expect(stdout).toContain(`2474 events read, ${failed} failed calls -> ${output}`);
  });
});
