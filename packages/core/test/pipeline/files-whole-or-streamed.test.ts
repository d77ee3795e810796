import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors';
import { getOrigin } from '../../src/event/origin';
import type { TrailEvent } from '../../src/event/trail-event';
import { WHOLE_GZIP_MAX } from '../../src/parser/decoded-bytes';
import { filesSource } from '../../src/sources/files/files-source';
import { tempDir } from '../temp-dir';
import { SAMPLES } from './helpers';

const DAY = join(SAMPLES, 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10');

async function read(paths: string[]): Promise<TrailEvent[]> {
  const events: TrailEvent[] = [];
  const source = filesSource({ paths });
  const ctx = {
    signal: new AbortController().signal,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    onInvalid: (error: unknown) => {
      throw error;
    },
  };
  for await (const batch of source.read(ctx)) events.push(...batch.events);
  return events;
}

describe('filesSource: small files read whole, large ones streamed', () => {
  it('gives the same events, origins and order on both sides of the switch', async () => {
    const sample = (await readdir(DAY)).filter((f) => f.endsWith('.json.gz')).sort()[0]!;
    const records = (
      JSON.parse(gunzipSync(await readFile(join(DAY, sample))).toString()) as { Records: TrailEvent[] }
    ).Records;
    const dir = await tempDir('trailkit-switch-');
    // NDJSON of the same records, repeated past the switch size (uncompressed: the switch is on file bytes)
    const lines = records.map((r) => JSON.stringify(r)).join('\n');
    const copies = Math.ceil((WHOLE_GZIP_MAX + 1) / (lines.length + 1));
    const big = join(dir, 'big.ndjson');
    await writeFile(big, `${Array.from({ length: copies }, () => lines).join('\n')}\n`);
    const small = join(dir, 'small.ndjson');
    await writeFile(small, `${lines}\n`);
    const smallEvents = await read([small]);
    const bigEvents = await read([big]);
    expect(smallEvents.map((e) => e.eventID)).toEqual(records.map((r) => r.eventID));
    expect(bigEvents).toHaveLength(records.length * copies);
    expect(bigEvents.slice(0, records.length).map((e) => e.eventID)).toEqual(records.map((r) => r.eventID));
    expect(getOrigin(bigEvents.at(-1)!)).toEqual({
      source: 'files',
      object: big,
      index: records.length * copies - 1,
    });
    expect(getOrigin(smallEvents[1]!)).toEqual({ source: 'files', object: small, index: 1 });
  });
});

describe('filesSource: a small file that is not clean, or cannot be read at its turn', () => {
  const ctx = (invalid: unknown[], batchSize = 2) => ({
    signal: new AbortController().signal,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    batchSize,
    onInvalid: (error: unknown) => {
      invalid.push(error);
    },
  });
  const event = (id: string) => ({ eventVersion: '1.08', eventID: id, eventTime: '2023-07-10T11:45:00Z' });

  it('reports a bad record at its place and keeps the others (the streaming parser takes over)', async () => {
    const dir = await tempDir('trailkit-small-');
    const file = join(dir, 'a.json.gz');
    await writeFile(file, gzipSync(JSON.stringify({ Records: [event('1'), { eventID: 'x' }, event('3')] })));
    const invalid: unknown[] = [];
    const events: TrailEvent[] = [];
    for await (const batch of filesSource({ paths: dir }).read(ctx(invalid))) events.push(...batch.events);
    expect(events.map((e) => e.eventID)).toEqual(['1', '3']);
    expect(getOrigin(events[1]!)?.index).toBe(2);
    expect(invalid).toHaveLength(1);
    expect((invalid[0] as ParseError).code).toBe('PARSE_NOT_CLOUDTRAIL');
    expect((invalid[0] as ParseError).input).toBe(file);
  });

  it('a file gone by its turn fails the read with PARSE_INPUT_ERROR naming it, after the events before it', async () => {
    const dir = await tempDir('trailkit-small-');
    const first = join(dir, 'a.json.gz');
    const gone = join(dir, 'b.json.gz');
    await writeFile(first, gzipSync(JSON.stringify({ Records: [event('1'), event('2'), event('3')] })));
    await writeFile(gone, gzipSync(JSON.stringify({ Records: [event('4')] })));
    const events: TrailEvent[] = [];
    let error: unknown;
    try {
      // batches of 3: the first file's events are handed over before the second file's turn
      for await (const batch of filesSource({ paths: dir }).read(ctx([], 3))) {
        events.push(...batch.events);
        await rm(gone, { force: true });
      }
    } catch (caught) {
      error = caught;
    }
    expect(events.map((e) => e.eventID)).toEqual(['1', '2', '3']);
    expect(ParseError.isInstance(error) && error.code).toBe('PARSE_INPUT_ERROR');
    expect((error as ParseError).input).toBe(gone);
  });
});
