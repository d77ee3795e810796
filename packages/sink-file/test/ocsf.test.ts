/** `fileSink({ format: 'ocsf' })`: OCSF records, one per line, read back and compared with the mapper's. */
import { join } from 'node:path';
import { type Finding, makeFinding, type TrailEvent } from '@trailkit/core';
import { ocsfMapper } from '@trailkit/ocsf';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../core/test/temp-dir';
import { fileSink, recoverTempFiles } from '../src/index';
import { listFiles, readNdjson, realEvents, stratusEvents } from './helpers';

const ctx = { signal: new AbortController().signal };
const mapper = ocsfMapper();

describe('fileSink format ocsf', () => {
  it('path mode: one API Activity record per real event, in order, equal to the mapping', async () => {
    const dir = await tempDir('trailkit-ocsf-');
    const events = [...realEvents(2), ...stratusEvents()];
    const path = join(dir, 'events.ocsf.ndjson');
    const sink = fileSink({ path, format: 'ocsf' });
    await sink.write(events.slice(0, 50), ctx);
    await sink.write(events.slice(50), ctx);
    await sink.close?.();
    const lines = readNdjson(path) as Array<Record<string, any>>;
    expect(lines).toHaveLength(events.length);
    for (const [i, event] of events.entries()) {
      expect(lines[i]?.class_uid).toBe(6003);
      expect(lines[i]?.metadata.uid).toBe(event.eventID);
      expect(lines[i]).toEqual(JSON.parse(JSON.stringify(mapper.apiActivity(event))));
    }
  });

  it('dir mode, partitioned and gzip: events and findings in their own .ocsf.ndjson.gz files', async () => {
    const dir = await tempDir('trailkit-ocsf-');
    const events = stratusEvents();
    const findings: Finding[] = events.map((e: TrailEvent) =>
      makeFinding({ id: 'test.rule', title: 'Test rule', severity: 'high', tags: ['attack:T1562.008'] }, [e]),
    );
    const sink = fileSink({ dir, format: 'ocsf', gzip: true, partitionBy: '{kind}' });
    await sink.write([...events, ...findings], ctx);
    await sink.close?.();
    const files = listFiles(dir);
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/^(events|findings)\/trailkit-.*\.ocsf\.ndjson\.gz$/);
    const eventLines = readNdjson(join(dir, files.find((f) => f.startsWith('events/')) as string));
    const findingLines = readNdjson(join(dir, files.find((f) => f.startsWith('findings/')) as string));
    expect(eventLines).toEqual(JSON.parse(JSON.stringify(events.map((e) => mapper.apiActivity(e)))));
    expect(findingLines).toEqual(JSON.parse(JSON.stringify(findings.map((f) => mapper.detectionFinding(f)))));
    expect((findingLines[0] as Record<string, any>).finding_info.analytic.uid).toBe('test.rule');
  });

  it("a crashed writer's .ocsf.ndjson temp file is recovered like an NDJSON one", async () => {
    const dir = await tempDir('trailkit-ocsf-');
    const { writeFileSync } = await import('node:fs');
    const record = JSON.stringify(mapper.apiActivity(stratusEvents()[0] as TrailEvent));
    // a complete record and half of the next, under a dead instance's temp name (no lock file)
    const temp = join(dir, '.trailkit-20260101T000000000Z-0badcafe-0000.ocsf.ndjson.tmp');
    writeFileSync(temp, `${record}\n${record.slice(0, 40)}`);
    const recovered = await recoverTempFiles(dir, { olderThanMs: 0 });
    expect(recovered.map((p) => p.slice(dir.length + 1))).toEqual([
      'trailkit-20260101T000000000Z-0badcafe-0000.ocsf.ndjson',
    ]);
    expect(readNdjson(recovered[0] as string)).toEqual([JSON.parse(record)]);
  });
});
