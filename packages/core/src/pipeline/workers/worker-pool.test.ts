import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES } from '../../../test/pipeline/helpers';
import { parseClean } from '../../parser/parse';
import type { FilePart, WorkerPlan } from './protocol';
import { findWorkerEntry } from './worker-entry';
import { WorkerPool } from './worker-pool';

/** Every event passes and is sent back, a few per part, at most one part unacknowledged per file. */
const PLAN: WorkerPlan = { selection: {}, filters: [], onInvalid: 'fail', partEvents: 7, partsAhead: 1 };

async function readAll(pool: WorkerPool, files: readonly string[]): Promise<string[][]> {
  // every file submitted at once (more than the pool hands out per worker), parts read in submission order
  const all = files.map((file) => pool.submit({ file, skip: 0 }));
  const out: string[][] = [];
  for (const parts of all) {
    const ids: string[] = [];
    for (let part: FilePart = await parts.next(); ; part = await parts.next()) {
      for (const e of part.events) ids.push(e.eventID as string);
      if (part.end) break;
    }
    out.push(ids);
  }
  return out;
}

/** The sample tree's log files, in path order. */
function treeFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json.gz'))
    .map((f) => join(dir, f))
    .sort();
}

describe('WorkerPool', () => {
  const entry = findWorkerEntry(new URL('./worker-pool.ts', import.meta.url).href);
  const files = treeFiles(SAMPLES);

  it.each([1, 2])(
    '%i worker(s): every file whole and in order, with files queued ahead and parts held back',
    async (size) => {
      expect(entry).toBeDefined();
      expect(files.length).toBeGreaterThan(20);
      const expected = files.map((f) => (parseClean(readFileSync(f)) ?? []).map((e) => e.eventID as string));
      expect(expected.some((ids) => ids.length > 2 * PLAN.partEvents)).toBe(true); // files of several parts
      const pool = new WorkerPool(size, PLAN, entry!);
      try {
        expect(await readAll(pool, files)).toEqual(expected);
      } finally {
        await pool.close();
      }
    },
  );

  it('fails the files queued behind a worker that dies', async () => {
    const pool = new WorkerPool(1, PLAN, entry!);
    const first = pool.submit({ file: files[0] as string, skip: 0 });
    const later = [1, 2, 3].map((k) => pool.submit({ file: files[k] as string, skip: 0 }));
    await pool.close();
    await expect(first.next()).rejects.toThrow(/closed/);
    for (const parts of later) await expect(parts.next()).rejects.toThrow(/closed/);
  });
});
