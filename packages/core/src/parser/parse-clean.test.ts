import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REAL } from '../../test/parser-helpers';
import { getOrigin } from '../event/origin';
import type { TrailEvent } from '../event/trail-event';
import { parse, parseClean } from './parse';

/** Every real CloudTrail log file (`{"Records":[...]}`, plain or gzip) of the fixtures. */
function realLogFiles(): string[] {
  return (readdirSync(REAL, { recursive: true }) as string[])
    .filter((f) => /_CloudTrail_.*\.json(\.gz)?$/.test(f))
    .map((f) => join(REAL, f));
}

async function parsed(input: Uint8Array, name: string): Promise<TrailEvent[]> {
  const out: TrailEvent[] = [];
  for await (const batch of parse(input, { name, source: 'files' })) out.push(...batch);
  return out;
}

describe('parseClean: the synchronous path of a small clean log file', () => {
  const files = realLogFiles();

  it('gives what parse() gives, origins included, on every real log file', async () => {
    expect(files.length).toBeGreaterThan(10);
    let events = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      const fast = parseClean(bytes, { name: file, source: 'files' });
      expect(fast, file).toBeDefined();
      const slow = await parsed(bytes, file);
      expect(fast).toEqual(slow);
      expect(fast?.map(getOrigin)).toEqual(slow.map(getOrigin));
      events += slow.length;
    }
    expect(events).toBeGreaterThan(100);
  });

  it('reads gzip in one call', async () => {
    const file = files[0] as string;
    const gz = gzipSync(readFileSync(file));
    expect(parseClean(gz, { name: 'x.json.gz' })).toEqual(await parsed(gz, 'x.json.gz'));
  });

  it('leaves to parse() what it must report or stream', () => {
    const good = { eventVersion: '1.08', eventID: 'a', eventTime: '2023-07-10T11:45:00Z' };
    const cases: Uint8Array[] = [
      Buffer.from(JSON.stringify({ Records: [good, { eventID: 'b' }] })), // not a CloudTrail event
      Buffer.from('{"Records":[{"eventVersion":"1.08"'), // truncated
      gzipSync(Buffer.from(JSON.stringify({ Records: [good] }))).subarray(0, 20), // truncated gzip
      Buffer.from(`${JSON.stringify(good)}\n${JSON.stringify(good)}\n`), // NDJSON
    ];
    for (const input of cases) expect(parseClean(input)).toBeUndefined();
    // larger than a batch's bytes: scanned in windows
    const big = Buffer.from(JSON.stringify({ Records: [good] }));
    expect(parseClean(big, { maxBatchBytes: big.length })).toBeUndefined();
    expect(parseClean(big, { maxBatchBytes: big.length + 1 })).toHaveLength(1);
  });
});
