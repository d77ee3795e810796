import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse, type TrailEvent } from '@trailkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, SAMPLES } from '../src/main';

const DAY = join(SAMPLES, '218007301253/CloudTrail/us-east-1/2023/07/10');
/** Oracle: every sample record, read with JSON.parse. */
const expected = readdirSync(DAY)
  .filter((f) => f.endsWith('.json.gz'))
  .flatMap(
    (f) =>
      (JSON.parse(gunzipSync(readFileSync(join(DAY, f))).toString()) as { Records: TrailEvent[] }).Records,
  );

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'scan-to-ndjson-'));
});
afterEach(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('scan-to-ndjson example', () => {
  it('writes every sample event as gzip NDJSON partitioned by account/region/date', async () => {
    const { summary, files } = await main({ outDir: out });
    expect(summary.objects).toBe(52);
    expect(summary.events.read).toBe(expected.length);
    expect(files.length).toBeGreaterThan(0);
    // partitions come from each event's recipientAccountId/awsRegion/eventTime, not from the object key
    // (in this anonymised data set they differ: the key says 218007301253, the records 123837392027)
    const partitions = new Set(
      expected.map((e) =>
        [e.recipientAccountId, e.awsRegion, ...e.eventTime!.slice(0, 10).split('-')].join(sep),
      ),
    );
    expect([...partitions]).toEqual([['123837392027', 'us-east-1', '2023', '07', '10'].join(sep)]);
    expect(new Set(files.map((f) => relative(out, f).split(sep).slice(0, 5).join(sep)))).toEqual(partitions);
    const events: TrailEvent[] = [];
    for (const file of files) {
      expect(file).toMatch(/\.ndjson\.gz$/);
      // readable by core's own parser (gzip, NDJSON)
      for await (const batch of parse(readFileSync(file), { name: file })) events.push(...batch);
    }
    expect(events.map((e) => e.eventID).sort()).toEqual(expected.map((e) => e.eventID).sort());
    expect(events).toEqual(expect.arrayContaining(expected.slice(0, 20)));
    // no temp files left behind
    expect(readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
  });

  it('prunes by region: nothing outside the layout is read', async () => {
    const { summary, files } = await main({ outDir: out, regions: ['eu-west-1'] });
    expect(summary.events.read).toBe(0);
    expect(files).toEqual([]);
  });

  it('runs as a script', () => {
    const script = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const stdout = execFileSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', script, SAMPLES, out],
      {
        encoding: 'utf8',
      },
    );
    expect(stdout).toMatch(/^2474 events from 52 objects -> \d+ file\(s\) in /);
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const lines = files.flatMap((f) =>
      gunzipSync(readFileSync(join(f.parentPath, f.name)))
        .toString()
        .trim()
        .split('\n'),
    );
    expect(lines).toHaveLength(2474);
  });
});
