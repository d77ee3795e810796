import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
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
