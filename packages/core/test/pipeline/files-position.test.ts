import { link, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCheckpoint } from '../../src/checkpoint/file-checkpoint';
import { getOrigin } from '../../src/event/origin';
import type { TrailEvent } from '../../src/event/trail-event';
import { pipeline } from '../../src/pipeline/pipeline';
import { filesSource } from '../../src/sources/files/files-source';
import { tempDir } from '../temp-dir';
import { collectSink, invictusFiles } from './helpers';

/** A real record. */
const record = invictusFiles()[0]!.events[0]!;

/**
 * `count` one-record log files spread over day folders like a downloaded trail (hard links to one file, so
 * that making 100,000 of them is quick); returns them sorted.
 */
async function tree(root: string, count: number): Promise<string[]> {
  const files: string[] = [];
  const perDay = 288; // one file every five minutes
  let original = '';
  for (let i = 0; i < count; i++) {
    if (i % 50_000 === 0) {
      // file systems cap links per file (ext4: 65,000)
      original = join(root, `record-${i}.json`);
      await writeFile(original, JSON.stringify({ Records: [record] }));
    }
    const day = Math.floor(i / perDay);
    const dir = join(
      root,
      'AWSLogs',
      '111122223333',
      'CloudTrail',
      'us-east-1',
      `d${String(day).padStart(4, '0')}`,
    );
    if (i % perDay === 0) await mkdir(dir, { recursive: true });
    const file = join(dir, `f${String(i).padStart(6, '0')}.json`);
    await link(original, file);
    files.push(file);
  }
  return files.sort();
}

describe('files source position size', () => {
  it('stays the same size however many files are finished (100,000 files)', async () => {
    const root = await tempDir('trailkit-position-');
    const files = await tree(root, 100_000);
    const state = join(root, 'state.json');
    const store = fileCheckpoint(state, { fsync: false });
    // An earlier run finished all but the last 100 files: resume from its watermark.
    await store.save('files', { v: 2, after: files[files.length - 101] as string });
    const sink = collectSink<TrailEvent>();
    const summary = await pipeline()
      .from(filesSource({ paths: join(root, 'AWSLogs') }))
      .to(sink)
      .run({ checkpoint: store, batchSize: 10 });
    expect(summary.events.read).toBe(100);
    expect(sink.items.map((e) => getOrigin(e)?.object)).toEqual(files.slice(-100));
    const saved = await readFile(state, 'utf8');
    expect(JSON.parse(saved).positions.files).toEqual({ v: 2, after: files.at(-1) });
    // one path and a few bytes of framing, not one entry per finished file
    expect(Buffer.byteLength(saved)).toBeLessThan(files.at(-1)!.length + 100);
    const summaryJson = JSON.stringify(summary);
    expect(summaryJson.length).toBeLessThan(2_000);
  }, 120_000);

  it('every save of a run from the start is the size of one path', async () => {
    const root = await tempDir('trailkit-position-');
    const files = await tree(root, 600);
    const sizes: number[] = [];
    const store = fileCheckpoint(join(root, 'state.json'), { fsync: false });
    const measured = {
      load: (key: string) => store.load(key),
      save: async (key: string, p: Parameters<typeof store.save>[1]) => {
        sizes.push(JSON.stringify(p).length);
        await store.save(key, p);
      },
    };
    await pipeline()
      .from(filesSource({ paths: join(root, 'AWSLogs') }))
      .to(collectSink())
      .run({ checkpoint: measured, batchSize: 7 });
    expect(sizes.length).toBeGreaterThan(80);
    const longest = Math.max(...files.map((f) => f.length));
    for (const size of sizes) expect(size).toBeLessThan(2 * longest + 80);
  });
});
