import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sink } from '../src/contracts';
import type { TrailEvent } from '../src/event/trail-event';
import { pipeline } from '../src/pipeline/pipeline';
import { filesSource } from '../src/sources/files/files-source';
import { tempDir } from './temp-dir';

const ev = (n: number) => ({ eventVersion: '1.08', eventID: `id-${n}`, eventTime: '2023-07-10T12:00:00Z' });

describe('bad records through the pipeline (files source + parser + a serialising sink)', () => {
  it("onInvalid 'skip' skips a 5,000-deep record, a non-CloudTrail object and one over maxKeys, and delivers the rest of the batch", async () => {
    const dir = await tempDir('trailkit-limits-');
    const deep = `${JSON.stringify(ev(1)).slice(0, -1)},"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const many = `${JSON.stringify(ev(3)).slice(0, -1)},"list":[${Array(150_000).fill(0).join(',')}]}`;
    const records = [JSON.stringify(ev(0)), deep, '{"hello":"world"}', many, JSON.stringify(ev(4))];
    await writeFile(join(dir, 'mixed.json'), `{"Records":[${records.join(',')}]}`);
    const written: string[] = [];
    const sink: Sink<TrailEvent> = {
      name: 'serialise',
      async write(items) {
        for (const item of items) written.push(JSON.parse(JSON.stringify(item)).eventID);
      },
    };
    const summary = await pipeline()
      .from(filesSource({ paths: dir }))
      .to(sink)
      .run({ onInvalid: 'skip' });
    expect(written).toEqual(['id-0', 'id-4']);
    expect(summary.invalidByCode).toEqual({
      PARSE_TOO_DEEP: 1,
      PARSE_NOT_CLOUDTRAIL: 1,
      PARSE_TOO_MANY_KEYS: 1,
    });
  });
});
