import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ConfigError, pattern } from '@trailkit/core';
import { type CloudWatchLogsServer, startCloudWatchLogsServer } from '@trailkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNAUTHORIZED_API_CALLS, main, optionsFromEnv } from '../src/main';

const FIXTURES = join(import.meta.dirname, '../../../packages/core/test/fixtures/real/invictus-aws-dataset');
const records: Array<Record<string, any>> = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .flatMap((name) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')).Records);
const unauthorized = pattern(UNAUTHORIZED_API_CALLS);

let server: CloudWatchLogsServer;
let dir: string;
beforeEach(async () => {
  server = await startCloudWatchLogsServer({ pageSize: 100 });
  dir = mkdtempSync(join(tmpdir(), 'cloudwatch-follow-'));
});
afterEach(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function output() {
  const out = new PassThrough();
  const lines: Array<Record<string, any>> = [];
  let rest = '';
  out.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) lines.push(JSON.parse(part));
  });
  return { out, lines };
}

async function waitFor(check: () => boolean) {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('cloudwatch-follow example', () => {
  it('follows the group, prints matching events as they arrive, and resumes from its checkpoint', async () => {
    const group = 'aws-cloudtrail-logs-123837392027';
    const now = Date.now();
    // Real records, re-timed to the last minutes so that "follow" sees them as recent.
    const retimed = records.map(
      (r, i): Record<string, any> => ({
        ...r,
        eventTime: new Date(now - 120_000 + Math.floor(i / 10)).toISOString(),
      }),
    );
    server.putRecords(group, 'stream-1', retimed.slice(0, 1500));
    const expectedFirst = retimed.slice(0, 1500).filter((r) => unauthorized.test(r));
    const checkpointFile = join(dir, 'state.json');
    const controller = new AbortController();
    const { out, lines } = output();
    const running = main({
      logGroupName: group,
      filterPattern: UNAUTHORIZED_API_CALLS,
      since: new Date(now - 300_000).toISOString(),
      pollIntervalMs: 20,
      checkpointFile,
      out,
      client: server.client(),
      signal: controller.signal,
    });
    await waitFor(() => lines.length === expectedFirst.length);
    server.putRecords(group, 'stream-2', retimed.slice(1500));
    const expectedAll = retimed.filter((r) => unauthorized.test(r));
    await waitFor(() => lines.length >= expectedAll.length);
    controller.abort();
    const summary = await running;
    expect(lines.map((l) => l.eventID).sort()).toEqual(expectedAll.map((r) => r.eventID).sort());
    expect(summary.events.read).toBe(expectedAll.length);
    expect(expectedAll.length).toBeGreaterThan(expectedFirst.length);

    // A restart continues from the checkpoint: only events added since are printed.
    const later = retimed.slice(0, 50).map(
      (r, i): Record<string, any> => ({
        ...r,
        eventID: `later-${i}`,
        errorCode: 'AccessDenied',
        eventTime: new Date(now + i).toISOString(),
      }),
    );
    server.putRecords(group, 'stream-3', later);
    const second = output();
    const summary2 = await main({
      logGroupName: group,
      filterPattern: UNAUTHORIZED_API_CALLS,
      follow: false,
      checkpointFile,
      out: second.out,
      client: server.client(),
    });
    expect(second.lines.map((l) => l.eventID)).toEqual(later.map((r) => r.eventID));
    expect(summary2.events.read).toBe(50);
  });

  it('reads its settings from the environment', () => {
    expect(() => optionsFromEnv({})).toThrow(ConfigError);
    expect(optionsFromEnv({ LOG_GROUP_NAME: 'g' })).toMatchObject({
      logGroupName: 'g',
      filterPattern: UNAUTHORIZED_API_CALLS,
      follow: true,
      checkpointFile: '.trailkit/cloudwatch-follow.json',
    });
    expect(
      optionsFromEnv({ LOG_GROUP_NAME: 'g', FILTER_PATTERN: '', FOLLOW: 'false', POLL_INTERVAL_MS: '100' }),
    ).toMatchObject({
      filterPattern: '',
      follow: false,
      pollIntervalMs: 100,
    });
  });
});
