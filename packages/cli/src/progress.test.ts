import { PassThrough } from 'node:stream';
import type { RunSummary } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { byteSize, createProgress, duration, progressLine } from './progress';

function terminal(): { stream: PassThrough & { isTTY: boolean; columns: number }; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

const summary = (objects: number, read: number, findings: number, bytes = 0) =>
  ({ objects, bytes, events: { read }, findings: { total: findings } }) as unknown as RunSummary;

function io(stderr: PassThrough & { isTTY: boolean }, env: Record<string, string> = {}): CliIo {
  return { stdout: { write: () => true }, stderr, env };
}

describe('progress', () => {
  it('draws objects, events and findings on a terminal', async () => {
    const { stream, text } = terminal();
    const progress = await createProgress(io(stream), true);
    progress.update(summary(3, 1200, 2));
    await new Promise((r) => setTimeout(r, 200));
    progress.stop();
    expect(text()).toMatch(/3 objects \| 1200 events \(\d+\/s, [\d.]+ (B|KB)\/s\) \| 2 findings/);
  });

  it('with the total known: percentage by bytes, objects and bytes of total, bytes/s and an ETA', async () => {
    const { stream, text } = terminal();
    const progress = await createProgress(io(stream), true, { objects: 10, bytes: 4096 });
    progress.update(summary(3, 1200, 2, 1024));
    await new Promise((r) => setTimeout(r, 200));
    progress.stop();
    expect(text()).toMatch(
      / 25% \| 3\/10 objects, 1\.0 KB\/4\.0 KB \| 1200 events \(\d+\/s, [\d.]+ (B|KB|MB)\/s\) \| 2 findings \| ETA \d/,
    );
  });

  it('asks a growing total at each update: ≥ while listing, then percentage and ETA', async () => {
    const { stream, text } = terminal();
    let listing = { objects: 4, bytes: 2048, complete: false };
    const progress = await createProgress(io(stream), true, () => listing);
    progress.update(summary(1, 10, 0, 512));
    await new Promise((r) => setTimeout(r, 200));
    expect(text()).toContain('1/≥4 objects, 512 B/≥2.0 KB');
    expect(text()).not.toMatch(/%|ETA/);
    listing = { objects: 8, bytes: 4096, complete: true };
    progress.update(summary(2, 20, 0, 1024));
    progress.stop();
    expect(text()).toMatch(/ 25% \| 2\/8 objects, 1\.0 KB\/4\.0 KB \| .* \| ETA \d/);
  });

  it('progressLine: the three shapes, the bar, and the ETA from the rate so far', () => {
    const base = { objects: 5, bytes: 1024 * 1024, events: 5000, findings: 1, elapsedMs: 10_000 };
    expect(progressLine({ ...base, spinner: '⠋' })).toBe(
      'trailkit ⠋ 5 objects | 5000 events (500/s, 102.4 KB/s) | 1 findings',
    );
    expect(
      progressLine({ ...base, spinner: '⠋', total: { objects: 9, bytes: 2 * 1024 * 1024, complete: false } }),
    ).toBe('trailkit ⠋ 5/≥9 objects, 1.0 MB/≥2.0 MB | 5000 events (500/s, 102.4 KB/s) | 1 findings');
    // half the bytes in 10 s: 10 s left
    expect(progressLine({ ...base, total: { objects: 20, bytes: 2 * 1024 * 1024 } })).toBe(
      `trailkit ${'█'.repeat(10)}${'░'.repeat(10)} 50% | 5/20 objects, 1.0 MB/2.0 MB | 5000 events (500/s, 102.4 KB/s) | 1 findings | ETA 10s`,
    );
    // no bytes known: by objects
    expect(progressLine({ ...base, bytes: 0, total: { objects: 20, bytes: 0 } })).toMatch(/ 25% .* ETA 30s$/);
    expect(progressLine({ ...base, objects: 0, bytes: 0, total: { objects: 20, bytes: 100 } })).toMatch(
      / 0% .* ETA \?$/,
    );
  });

  it('duration', () => {
    expect([0, 59.4, 75, 3725].map(duration)).toEqual(['0s', '59s', '1m15s', '1h02m']);
  });

  it('byteSize', () => {
    expect([0, 1023, 1536, 5 * 1024 * 1024].map(byteSize)).toEqual(['0 B', '1023 B', '1.5 KB', '5.0 MB']);
  });

  it('stays silent in CI, when not a terminal, or when turned off', async () => {
    for (const [stderr, env, enabled] of [
      [terminal().stream, { CI: 'true' }, true],
      [Object.assign(terminal().stream, { isTTY: false }), {}, true],
      [terminal().stream, {}, false],
    ] as const) {
      let written = 0;
      stderr.on('data', () => written++);
      const progress = await createProgress(io(stderr, env), enabled);
      progress.update(summary(1, 1, 0));
      await new Promise((r) => setTimeout(r, 150));
      progress.stop();
      await new Promise((r) => setTimeout(r, 20));
      expect(written).toBe(0);
    }
  });
});
