import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ParseError } from '@trailkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpLogsSource } from '../src/http-logs-source';
import { main, SAMPLES } from '../src/main';

const DAY = join(SAMPLES, '218007301253/CloudTrail/us-east-1/2023/07/10');
const sampleFiles = readdirSync(DAY).filter((f) => f.endsWith('.json.gz'));
/** Oracle: records per API call, straight from the sample files with JSON.parse. */
function expectedCounts(files = sampleFiles): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of files) {
    const { Records } = JSON.parse(gunzipSync(readFileSync(join(DAY, f))).toString()) as {
      Records: Array<{ eventSource: string; eventName: string }>;
    };
    for (const r of Records)
      counts.set(`${r.eventSource}:${r.eventName}`, (counts.get(`${r.eventSource}:${r.eventName}`) ?? 0) + 1);
  }
  return counts;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'custom-source-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('custom source example', () => {
  it('reads every sample record over HTTP', async () => {
    const { summary, counts } = await main();
    expect(summary.objects).toBe(sampleFiles.length);
    expect(summary.events.read).toBe(2474);
    expect(counts).toEqual(expectedCounts());
  });

  it('resumes from its checkpoint: a second run reads nothing new', async () => {
    const checkpointPath = join(dir, 'state.json');
    const first = await main({ checkpointPath });
    expect(first.summary.events.read).toBe(2474);
    const saved = JSON.parse(readFileSync(checkpointPath, 'utf8'));
    expect(JSON.stringify(saved)).toContain(`"url":${sampleFiles.length}`);
    const second = await main({ checkpointPath });
    expect(second.summary.events.read).toBe(0);
  });

  it('resumes inside a file from a { url, records } position', async () => {
    const root = join(dir, 'logs');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(root);
    const big = sampleFiles.find((f) => f.includes('iLj9fb7yyUG9X4Bf'))!; // 394 records
    copyFileSync(join(DAY, big), join(root, big));
    const { serveFiles } = await import('../src/static-server');
    const server = await serveFiles(root);
    try {
      const source = httpLogsSource({ urls: server.urls, batchSize: 100 });
      const ctx = {
        signal: new AbortController().signal,
        from: { url: 0, records: 150 },
        log: console,
        onInvalid: (e: ParseError) => {
          throw e;
        },
      };
      const ids: string[] = [];
      for await (const batch of source.read(ctx)) ids.push(...batch.events.map((e) => e.eventID!));
      const all = (
        JSON.parse(gunzipSync(readFileSync(join(DAY, big))).toString()) as {
          Records: Array<{ eventID: string }>;
        }
      ).Records;
      expect(ids).toEqual(all.slice(150).map((r) => r.eventID));
    } finally {
      await server.close();
    }
  });

  it('skips a corrupt file under onInvalid skip and keeps the rest', async () => {
    const root = join(dir, 'logs');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(root);
    const good = sampleFiles.slice(0, 3);
    for (const f of good) copyFileSync(join(DAY, f), join(root, f));
    const whole = readFileSync(join(DAY, sampleFiles[3]!));
    writeFileSync(join(root, `zz-truncated.json.gz`), whole.subarray(0, whole.length >> 1));
    const { summary, counts } = await main({ root });
    expect(summary.events.invalid).toBe(1);
    expect(summary.invalidByCode).toHaveProperty('PARSE_TRUNCATED_GZIP');
    const expected = expectedCounts(good);
    // the truncated file's leading records that decoded are delivered too (before the error)
    for (const [call, n] of expected) expect(counts.get(call) ?? 0).toBeGreaterThanOrEqual(n);
  });

  it('runs as a script', () => {
    const script = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', script], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/^read 2474 events from 52 objects over HTTP \(0 invalid\)/);
    expect(out.trim().split('\n')).toHaveLength(11);
  });

  it('validates its options', () => {
    expect(() => httpLogsSource({ urls: [] })).toThrow(/non-empty/);
    expect(() => httpLogsSource({ urls: ['ftp://x'] })).toThrow(/not an http/);
  });
});
