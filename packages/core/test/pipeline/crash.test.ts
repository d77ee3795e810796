import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { FilesPosition } from '../../src/sources/files/position';
import { tempDir } from '../temp-dir';
import { SAMPLES } from './helpers';

const CORE = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./crash-run.ts', import.meta.url));
const DAY = join(SAMPLES, 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10');

interface Line {
  origin: { source: string; object: string; index: number };
  id: string;
}

/** Start the pipeline in a child process; resolves with its exit, or kills it after `killAfter` commits. */
function runChild(
  args: string[],
  killAfter?: number,
): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', SCRIPT, ...args], {
      cwd: CORE,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A failed or timed-out test must not leave the child running (it writes into the temp dir).
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const commits = [...stdout.matchAll(/committed (\d+)/g)].map((m) => Number(m[1]));
      if (killAfter !== undefined && Math.max(0, ...commits) >= killAfter && child.exitCode === null) {
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve({ code, signal, stdout });
    });
  });
}

async function lines(path: string): Promise<Line[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  // A line cut by the kill has no newline: its write never resolved, so it is replayed. Ignore it.
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

describe('crash and resume (child process, SIGKILL)', () => {
  it('loses no event; duplicates only from the batches in flight at the kill', async () => {
    await crashAndResume(1);
  }, 60_000);

  it('the same with 2 worker threads: positions committed in order, the resumed run starts after them', async () => {
    await crashAndResume(2);
  }, 60_000);
});

async function crashAndResume(workers: number): Promise<void> {
  {
    const dir = await tempDir('trailkit-crash-');
    const out = join(dir, 'events.ndjson');
    const state = join(dir, 'state.json');
    const files = (await readdir(DAY))
      .filter((f) => f.endsWith('.json.gz'))
      .sort()
      .map((f) => join(DAY, f));
    const all: string[] = [];
    for (const file of files) {
      const n = (JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as { Records: unknown[] })
        .Records.length;
      for (let i = 0; i < n; i++) all.push(`${file}#${i}`);
    }
    expect(all.length).toBe(2474);
    const key = (l: Line) => `${l.origin.object}#${l.origin.index}`;

    // First run: slow sink, killed after 12 committed batches of 50.
    const first = await runChild([join(SAMPLES, 'AWSLogs'), out, state, '40', String(workers)], 12);
    expect(first.signal).toBe('SIGKILL');
    const before = (await lines(out)).map(key);
    const saved = JSON.parse(await readFile(state, 'utf8')) as { positions: { files: FilesPosition } };
    const position = saved.positions.files;
    // What the checkpoint says is done: whole files plus the first records of the current one.
    const covered = all.filter((k) => {
      const [file, index] = k.split('#') as [string, string];
      if (position.after !== undefined && file <= position.after) return true;
      return position.partial?.file === file && Number(index) < position.partial.records;
    });
    expect(covered.length).toBeGreaterThanOrEqual(12 * 50);
    expect(covered.length).toBeLessThan(all.length);
    // At least once: everything the checkpoint covers was written before the checkpoint was saved.
    const writtenBefore = new Set(before);
    expect(covered.filter((k) => !writtenBefore.has(k))).toEqual([]);

    // Second run resumes from the checkpoint and finishes.
    const second = await runChild([join(SAMPLES, 'AWSLogs'), out, state, '0', String(workers)]);
    expect(second.code).toBe(0);
    const done = JSON.parse(second.stdout.split('done ')[1] ?? '{}') as { workers?: number };
    expect(done.workers).toBe(workers > 1 ? workers : undefined);
    const after = (await lines(out)).map(key).slice(before.length);
    const coveredSet = new Set(covered);
    // The resumed run starts exactly after the checkpoint, in order.
    expect(after).toEqual(all.filter((k) => !coveredSet.has(k)));
    // No event lost.
    const union = new Set([...before, ...after]);
    expect(all.filter((k) => !union.has(k))).toEqual([]);
    // Duplicates: only what the first run wrote past the checkpoint (in-flight batches), at most
    // concurrency (3) × batchSize (50).
    const duplicates = before.filter((k) => !coveredSet.has(k));
    expect(duplicates.length).toBeLessThanOrEqual(3 * 50);
    expect(new Set(before).size).toBe(before.length);
    const finalPosition = (
      JSON.parse(await readFile(state, 'utf8')) as { positions: { files: FilesPosition } }
    ).positions.files;
    expect(finalPosition).toEqual({ v: 2, after: files.at(-1) });
  }
}
