/**
 * At-least-once through the library with the Slack sink against a real local HTTP receiver: a pipeline
 * killed with SIGKILL at random points and stopped with SIGINT, resumed from its checkpoint, then run to the
 * end. Every event reaches the receiver; duplicates only from batches in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundleScript,
  type HttpReceiver,
  killAndResume,
  quickened,
  startHttpReceiver,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./scripts/kill-pipeline.ts', import.meta.url));
const TOTAL = 12_000;

let root: string;
let receiver: HttpReceiver;
let script: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sink-slack-kill-'));
  script = await bundleScript(SCRIPT, { outDir: join(root, 'bin') });
  receiver = await startHttpReceiver();
});
afterAll(async () => {
  await receiver?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('slackSink in a pipeline: kill, Ctrl-C and resume lose nothing', () => {
  it('SIGKILL ×8, SIGINT ×3, then to the end: every event received', async () => {
    const command = {
      execPath: process.execPath,
      args: [script, receiver.url, join(root, 'ck.json')],
    };
    const plan = quickened({ kills: 8, interrupts: 3, seed: 77, min: 2, max: 6 });
    const runs = await killAndResume(command, plan);
    for (const run of runs.slice(0, plan.kills))
      expect(run.signal, `code ${run.code}: ${run.stderr}`).toBe('SIGKILL');
    for (const run of runs.slice(plan.kills, plan.kills + plan.interrupts))
      expect(run.code, run.stderr).toBe(130);
    expect(runs.at(-1)?.code).toBe(0);
    // each event is one line of a message's section blocks, with its console link naming the event id (the
    // fallback `text` repeats the lines: not counted)
    const ids = receiver.received.flatMap((r) => {
      const { blocks } = JSON.parse(r.body) as { blocks: { type: string; text?: { text: string } }[] };
      return blocks
        .filter((b) => b.type === 'section')
        .flatMap((b) =>
          [...(b.text?.text ?? '').matchAll(/#\/events\/(seq-\d+)\|/g)].map((m) => m[1] as string),
        );
    });
    const seen = new Set(ids);
    const lost = Array.from({ length: TOTAL }, (_, i) => `seq-${i}`).filter((id) => !seen.has(id));
    console.info(`kill-resume library slackSink: lost ${lost.length}, duplicates ${ids.length - seen.size}`);
    expect(lost).toEqual([]);
    expect(seen.size).toBe(TOTAL);
    // default concurrency 4 × 100 events per batch may replay per stop
    expect(ids.length - seen.size).toBeLessThanOrEqual((plan.kills + plan.interrupts) * 4 * 100);
  }, 120_000);
});
