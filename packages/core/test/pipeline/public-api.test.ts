import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  type Finding,
  type TrailEvent,
  cisRules,
  filesSource,
  getOrigin,
  memoryCheckpoint,
  pattern,
  pipeline,
} from '../../src/index';
import { SAMPLES, collectSink } from './helpers';

const DAY = join(SAMPLES, 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10');

describe('public entry: files → pattern filter → tap → CIS rules → findings sink', () => {
  it('matches a plain-JS computation over the same real files', async () => {
    const names = (await readdir(DAY)).filter((f) => f.endsWith('.json.gz')).sort();
    const all: TrailEvent[] = [];
    for (const n of names) {
      all.push(
        ...(
          JSON.parse(gunzipSync(await readFile(join(DAY, n))).toString('utf8')) as { Records: TrailEvent[] }
        ).Records,
      );
    }
    const unauthorized = (e: TrailEvent) =>
      typeof e.errorCode === 'string' &&
      (e.errorCode.endsWith('UnauthorizedOperation') || e.errorCode.startsWith('AccessDenied'));
    const expected = all.filter(unauthorized);
    expect(expected.length).toBeGreaterThan(0);

    const events = collectSink<TrailEvent>('denied-events');
    const findings = collectSink<Finding>('findings');
    const store = memoryCheckpoint();
    const summary = await pipeline()
      .from(filesSource({ paths: join(SAMPLES, 'AWSLogs') }))
      .filter(pattern('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'))
      .to(events)
      .detect(cisRules())
      .to(findings)
      .run({ checkpoint: store, concurrency: 3, batchSize: 100 });

    expect(events.items.map((e) => e.eventID)).toEqual(expected.map((e) => e.eventID));
    expect(events.items.every((e) => getOrigin(e)?.source === 'files')).toBe(true);
    expect(summary.events.read).toBe(2474);
    expect(summary.events.passed).toBe(expected.length);
    expect(summary.objects).toBe(52);
    // Every passed event is an unauthorized call: the CIS "unauthorized API calls" rule fires for each one.
    const unauthorizedRule = Object.keys(summary.findings.byRule).find((id) => /unauthori[sz]ed/i.test(id));
    expect(unauthorizedRule).toBeDefined();
    expect(summary.findings.byRule[unauthorizedRule as string]).toBe(expected.length);
    expect(findings.items.length).toBe(summary.findings.total);
    expect(summary.sinks.map((s) => [s.name, s.written])).toEqual([
      ['denied-events', expected.length],
      ['findings', summary.findings.total],
    ]);
    // the position is the last of the 52 files, in sorted order
    expect((store.snapshot().files as { after: string }).after).toMatch(
      /_20230710T1240Z_C1qUFaqvZS64BcIN\.json\.gz$/,
    );
  });
});
