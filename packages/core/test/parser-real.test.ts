import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getOrigin, parse } from '../src/index';
import {
  chunked,
  collect,
  expectedRecords,
  gzipMembers,
  listFiles,
  prng,
  REAL,
  realFiles,
} from './parser-helpers';

const files = realFiles();

describe('parse() on real CloudTrail files', () => {
  it('covers every fixture listed in counts.json, of every shape', () => {
    expect(files.length).toBeGreaterThanOrEqual(90);
    expect(files.some((f) => f.file.endsWith('.jsonl'))).toBe(true);
    expect(files.some((f) => f.file.startsWith('otel-collector-contrib/'))).toBe(true);
  });

  it.each(files)('$file: count, content and origins match JSON.parse', async ({ file, count }) => {
    const bytes = readFileSync(join(REAL, file));
    const { events } = await collect(bytes, { name: file, source: 'test' });
    expect(events).toHaveLength(count);
    expect(events).toEqual(expectedRecords(file, bytes));
    events.forEach((event, index) => {
      expect(getOrigin(event)).toEqual({ source: 'test', object: file, index });
    });
  });

  it('gives the same events whatever the chunking (1 byte, 7 bytes, random sizes)', async () => {
    const random = prng(42);
    for (const { file } of files) {
      const bytes = readFileSync(join(REAL, file));
      const expected = expectedRecords(file, bytes);
      const sizes: Array<[string, () => number]> = [
        ['1-byte', () => 1],
        ['7-byte', () => 7],
        ['random', () => 1 + Math.floor(random() * 3000)],
      ];
      for (const [label, size] of sizes) {
        const { events } = await collect(chunked(bytes, size), { name: file });
        expect({ file, label, events }).toEqual({ file, label, events: expected });
      }
    }
    // 1-byte chunks of every real file: ~30 s on a loaded 2-core machine (correctness, not a timing test)
  }, 180_000);

  it('reads gzip, single- and multi-member, in random chunks', async () => {
    const random = prng(7);
    for (const { file, count } of files) {
      const raw = readFileSync(join(REAL, file));
      const plain = file.endsWith('.gz') ? gunzipSync(raw) : raw;
      const expected = expectedRecords(file, raw);
      const single = gzipSync(plain);
      const multi = gzipMembers(plain, [0.13, 0.5, 0.77]);
      for (const [label, input] of [
        ['single', single],
        ['multi', multi],
      ] as const) {
        const { events } = await collect(
          chunked(input, () => 1 + Math.floor(random() * 500)),
          { name: file },
        );
        expect(events).toHaveLength(count);
        expect({ file, label, events }).toEqual({ file, label, events: expected });
      }
    }
  });

  it('reads the gzip samples from a Node Readable and a web ReadableStream', async () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'samples', 'AWSLogs');
    const gz = listFiles(dir).filter((f) => f.endsWith('.json.gz'));
    expect(gz.length).toBeGreaterThan(0);
    let total = 0;
    for (const path of gz) {
      const expected = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')).Records;
      const fromNode = await collect(createReadStream(path, { highWaterMark: 1024 }), { name: path });
      const web = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
      const fromWeb = await collect(web, { name: path });
      expect(fromNode.events).toEqual(expected);
      expect(fromWeb.events).toEqual(expected);
      total += fromNode.events.length;
    }
    expect(total).toBe(2474);
  });

  it('yields batches of batchSize, and the rest in the last batch', async () => {
    const file =
      'invictus-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json';
    const bytes = readFileSync(join(REAL, file));
    const { batches } = await collect(
      chunked(bytes, () => 4096),
      { batchSize: 100 },
    );
    expect(batches).toEqual([100, 100, 100, 94]);
  });

  it('parses a concatenation of several log files (e.g. `cat a.json b.json`)', async () => {
    const a = readFileSync(join(REAL, files[0]!.file));
    const b = readFileSync(join(REAL, files[1]!.file));
    const { events } = await collect(Buffer.concat([a, Buffer.from('\n'), b]));
    expect(events).toEqual([...expectedRecords('a', a), ...expectedRecords('b', b)]);
    expect(getOrigin(events.at(-1)!)?.index).toBe(files[0]!.count + files[1]!.count - 1);
  });

  it('stops cleanly when the consumer stops early', async () => {
    const path = listFiles(join(import.meta.dirname, '..', '..', '..', 'samples', 'AWSLogs'))[0]!;
    const stream = createReadStream(path, { highWaterMark: 64 });
    for await (const batch of parse(stream, { batchSize: 1 })) {
      expect(batch).toHaveLength(1);
      break;
    }
    for (let wait = 0; wait < 100 && !stream.destroyed; wait++) await new Promise((r) => setTimeout(r, 10));
    expect(stream.destroyed).toBe(true);
  });
});
