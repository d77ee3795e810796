/**
 * At-least-once with `format: 'parquet'`: a library pipeline killed with SIGKILL at random points and
 * stopped with SIGINT, resumed from its checkpoint each time, then run to the end. Every file left is a
 * complete Parquet file (DuckDB reads them all), no hidden file is left, and no event is lost.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAndResume, quickened } from '@trailkit/testing';
import { expect, it } from 'vitest';
import { tempDir } from '../../core/test/temp-dir';
import { readParquetRows } from './read-parquet';

const SCRIPT = fileURLToPath(new URL('./scripts/kill-pipeline.ts', import.meta.url));
const TOTAL = 12_000;
/** Default run concurrency × the source's batch: what one stop may replay. */
const IN_FLIGHT = 4 * 100;

it('dir-parquet: SIGKILL ×4, SIGINT ×2, then to the end: nothing lost, nothing half-visible', async () => {
  const root = await tempDir('sink-file-kill-parquet-');
  const out = join(root, 'out');
  const command = {
    execPath: process.execPath,
    args: ['--conditions=source', '--import', 'tsx', SCRIPT, 'dir-parquet', out, join(root, 'ck.json')],
  };
  const plan = quickened({ kills: 4, interrupts: 2, seed: 321, min: 2, max: 6 });
  const runs = await killAndResume(command, plan);
  for (const run of runs.slice(0, plan.kills))
    expect(run.signal, `code ${run.code}: ${run.stderr}`).toBe('SIGKILL');
  for (const run of runs.slice(plan.kills, plan.kills + plan.interrupts))
    expect(run.code, run.stderr).toBe(130);
  expect(runs.at(-1)?.code, runs.at(-1)?.stderr).toBe(0);

  const entries = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  expect(entries.filter((e) => e.name.startsWith('.')).map((e) => e.name)).toEqual([]);
  const files = entries.map((e) => join(e.parentPath, e.name));
  expect(files.every((f) => f.endsWith('.parquet'))).toBe(true);
  const rows = await readParquetRows(files);
  const ids = rows.map((r) => String(r.eventID));
  const seen = new Set(ids);
  const lost = Array.from({ length: TOTAL }, (_, i) => `seq-${i}`).filter((id) => !seen.has(id));
  console.info(
    `kill-resume library fileSink dir-parquet: ${files.length} files, lost ${lost.length}, duplicates ${ids.length - seen.size}`,
  );
  expect(lost).toEqual([]);
  expect(ids.length - seen.size).toBeLessThanOrEqual((plan.kills + plan.interrupts) * IN_FLIGHT);
}, 180_000);
