/**
 * At-least-once through the CLI, the way users run it: `trailkit scan TREE --out OUT --checkpoint ck.json`,
 * killed with SIGKILL at random points, stopped with Ctrl-C (SIGINT), resumed each time, then run to the end.
 * Every output mode: nothing lost, no broken line or gzip member, duplicates only from batches in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, killAndResume, readOutput } from './kill-harness';

/** Copies of the 52-file sample day: 12 copies are 624 files, 29,688 real events. */
const COPIES = 12;
/** Default run concurrency × the largest batch the files source yields: what one stop may replay. */
const IN_FLIGHT = 4 * 1000;

let root: string;
let tree: string;
let ids: string[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'trailkit-kill-'));
  tree = join(root, 'tree');
  ids = buildTree(tree, COPIES);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const MODES = [
  { name: '--out dir/', out: 'out-dir', extra: [], isDir: true },
  { name: '--out dir/ --gzip', out: 'out-dir-gz', extra: ['--gzip'], isDir: true },
  { name: '--out events.ndjson', out: 'events.ndjson', extra: [], isDir: false },
  { name: '--out events.ndjson.gz', out: 'events.ndjson.gz', extra: [], isDir: false },
];

describe('trailkit scan: kill, Ctrl-C and resume lose nothing', () => {
  MODES.forEach((mode, index) => {
    it(`${mode.name}: SIGKILL ×8, SIGINT ×3, then to the end`, async () => {
      const out = join(root, mode.out);
      const checkpoint = join(root, `checkpoint-${index}.json`);
      const args = ['scan', tree, '-f', 'ndjson', '--out', out, ...mode.extra, '--checkpoint', checkpoint];
      const runs = await killAndResume(
        args,
        {},
        { kills: 8, interrupts: 3, seed: 1000 + index, min: 300, max: 2500 },
      );

      // every stop landed while the run was still going; Ctrl-C exits 130 and says so
      for (const run of runs.slice(0, 8)) expect(run.signal).toBe('SIGKILL');
      for (const run of runs.slice(8, 11)) {
        expect(run.code).toBe(130);
        expect(run.stderr).toContain('interrupted');
      }
      expect(runs.at(-1)?.code).toBe(0);

      const contents = readOutput(out, mode.isDir);
      expect(contents.leftovers.join('\n')).toEqual('');
      expect(contents.broken).toBe(0);
      const seen = new Set(contents.ids);
      const lost = ids.filter((id) => !seen.has(id));
      const duplicates = contents.ids.length - seen.size;
      console.info(
        `kill-resume ${mode.name}: ${ids.length} events, lost ${lost.length}, duplicates ${duplicates}, printed per run ${runs.map((r) => r.lines).join(' ')}`,
      );
      expect(lost).toEqual([]);
      expect(seen.size).toBe(ids.length);
      expect(duplicates).toBeLessThanOrEqual(11 * IN_FLIGHT);
    }, 180_000);
  });
});
