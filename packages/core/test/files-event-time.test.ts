import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../src/event/trail-event';
import { pipeline } from '../src/pipeline/pipeline';
import { filesSource } from '../src/sources/files/files-source';
import { collectSink } from './pipeline/helpers';
import { tempDir } from './temp-dir';

describe('filesSource: time bounds use eventTime, else @timestamp (the rule of every source)', () => {
  it('keeps a @timestamp-only record inside the window and drops one outside it, or with no readable time', async () => {
    const dir = await tempDir('trailkit-time-');
    const record = (eventID: string, time: Record<string, string>) => ({
      eventVersion: '1.08',
      eventID,
      ...time,
    });
    const records = [
      record('stamp-in', { '@timestamp': '2026-11-06T12:00:00.000Z' }),
      record('stamp-out', { '@timestamp': '2026-11-07T12:00:00.000Z' }),
      record('time-in', { eventTime: '2026-11-06T12:01:00Z', '@timestamp': '2026-11-09T00:00:00.000Z' }),
      record('time-out', { eventTime: '2026-11-05T23:59:59Z' }),
      record('unreadable', { '@timestamp': 'yesterday' }),
    ];
    await writeFile(join(dir, 'logstash.ndjson'), records.map((r) => JSON.stringify(r)).join('\n'));
    const sink = collectSink<TrailEvent>();
    await pipeline()
      .from(filesSource({ paths: dir, since: '2026-11-06T00:00:00Z', until: '2026-11-07T00:00:00Z' }))
      .to(sink)
      .run();
    expect(sink.items.map((e) => e.eventID)).toEqual(['stamp-in', 'time-in']);
  });
});
