/**
 * At-least-once through the library with the file sink, in every mode: a pipeline killed with SIGKILL at
 * random points and stopped with SIGINT, resumed from its checkpoint each time, then run to the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleScript, killAndResume, quickened, readNdjsonOutput } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./scripts/kill-pipeline.ts', import.meta.url));
const TOTAL = 12_000;
/** Default run concurrency × the source's batch: what one stop may replay. */
const IN_FLIGHT = 4 * 100;

let root: string;
let script: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sink-file-kill-'));
  script = await bundleScript(SCRIPT, { outDir: join(root, 'bin') });
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe.concurrent('fileSink in a pipeline: kill, Ctrl-C and resume lose nothing', () => {
  const modes = [
    { mode: 'dir', out: 'dir', isDir: true },
    { mode: 'dir-gz', out: 'dir-gz', isDir: true },
    { mode: 'path', out: 'events.ndjson', isDir: false },
    { mode: 'path-gz', out: 'events.ndjson.gz', isDir: false },
  ];
  modes.forEach(({ mode, out, isDir }, index) => {
    it(`${mode}: SIGKILL ×8, SIGINT ×3, then to the end`, async () => {
      const target = join(root, `mode-${index}`, out);
      const command = {
        execPath: process.execPath,
        args: [script, mode, target, join(root, `ck-${index}.json`)],
      };
      const plan = quickened({ kills: 8, interrupts: 3, seed: 300 + index, min: 2, max: 6 });
      const runs = await killAndResume(command, plan);
      for (const run of runs.slice(0, plan.kills))
        expect(run.signal, `code ${run.code}: ${run.stderr}`).toBe('SIGKILL');
      for (const run of runs.slice(plan.kills, plan.kills + plan.interrupts))
        expect(run.code, run.stderr).toBe(130);
      expect(runs.at(-1)?.code).toBe(0);
      const output = readNdjsonOutput(target, isDir);
      expect(output.leftovers).toEqual([]);
      expect(output.broken).toBe(0);
      const ids = output.items.map((i) => String(i.eventID));
      const seen = new Set(ids);
      const lost = Array.from({ length: TOTAL }, (_, i) => `seq-${i}`).filter((id) => !seen.has(id));
      console.info(
        `kill-resume library fileSink ${mode}: lost ${lost.length}, duplicates ${ids.length - seen.size}`,
      );
      expect(lost).toEqual([]);
      expect(seen.size).toBe(TOTAL);
      expect(ids.length - seen.size).toBeLessThanOrEqual((plan.kills + plan.interrupts) * IN_FLIGHT);
    }, 120_000);
  });
});
