import { PassThrough } from 'node:stream';
import type { RunSummary } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { byteSize, createProgress } from './progress';

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
    const progress = createProgress(io(stream), true);
    progress.update(summary(3, 1200, 2));
    await new Promise((r) => setTimeout(r, 200));
    progress.stop();
    expect(text()).toMatch(/3 objects \| 1200 events \(\d+\/s, [\d.]+ (B|KB)\/s\) \| 2 findings/);
  });

  it('with the total known: percentage by bytes, objects of total, bytes/s and an ETA', async () => {
    const { stream, text } = terminal();
    const progress = createProgress(io(stream), true, { objects: 10, bytes: 4096 });
    progress.update(summary(3, 1200, 2, 1024));
    await new Promise((r) => setTimeout(r, 200));
    progress.stop();
    expect(text()).toMatch(
      / 25% \| 3\/10 objects \| 1200 events \(\d+\/s, [\d.]+ (B|KB|MB)\/s\) \| 2 findings \| ETA /,
    );
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
      const progress = createProgress(io(stderr, env), enabled);
      progress.update(summary(1, 1, 0));
      await new Promise((r) => setTimeout(r, 150));
      progress.stop();
      await new Promise((r) => setTimeout(r, 20));
      expect(written).toBe(0);
    }
  });
});
