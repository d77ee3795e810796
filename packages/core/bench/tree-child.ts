/**
 * One tree-benchmark measurement in its own process (bundled, see `bundle.ts`):
 * `tree-child.mjs <candidate> <dir> [workers]` prints `{ events, ms, cpuMs, maxRssBytes }` as JSON on its
 * last stdout line. The CLI is measured by `tree-scan.ts`.
 */
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { parse } from '../src/parser/parse';
import { pipeline } from '../src/pipeline/pipeline';
import { filesSource } from '../src/sources/files/files-source';

export type TreeCandidate = 'idle' | 'naive' | 'parse-whole' | 'parse-stream' | 'pipeline' | 'parse-workers';

/** Every `.json.gz` file under `dir`, in sorted path order. */
export function treeFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json.gz'))
    .map((f) => join(dir, f))
    .sort();
}

async function countParsed(files: readonly string[], whole: boolean): Promise<number> {
  let events = 0;
  for (const file of files) {
    const input = whole ? readFileSync(file) : createReadStream(file);
    for await (const batch of parse(input, { name: file })) events += batch.length;
  }
  return events;
}

async function parseWorkers(files: readonly string[], count: number): Promise<number> {
  const url = new URL('./tree-worker.mjs', import.meta.url);
  const per = Math.ceil(files.length / count);
  const counts = await Promise.all(
    Array.from({ length: count }, (_, k) => {
      const worker = new Worker(url, { workerData: { files: files.slice(k * per, (k + 1) * per) } });
      return new Promise<number>((resolve, reject) => {
        worker.once('message', (n: number) => {
          resolve(n);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function run(candidate: TreeCandidate, dir: string, workers: number): Promise<number> {
  switch (candidate) {
    case 'idle':
      return 0;
    case 'naive': {
      let events = 0;
      for (const file of treeFiles(dir)) {
        events += (JSON.parse(gunzipSync(readFileSync(file)).toString()) as { Records: unknown[] }).Records
          .length;
      }
      return events;
    }
    case 'parse-whole':
      return countParsed(treeFiles(dir), true);
    case 'parse-stream':
      return countParsed(treeFiles(dir), false);
    case 'pipeline': {
      let events = 0;
      const summary = await pipeline()
        .from(filesSource({ paths: dir }))
        .to({
          name: 'count',
          write: async (items) => {
            events += items.length;
          },
        })
        .run();
      return summary.events.read === events ? events : -1;
    }
    case 'parse-workers':
      return parseWorkers(treeFiles(dir), workers);
  }
}

const [candidate, dir, workers] = process.argv.slice(2);
const start = performance.now();
const cpu0 = process.cpuUsage();
const events = await run(candidate as TreeCandidate, dir!, Number(workers ?? 0));
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpu0);
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  `${JSON.stringify({ events, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes })}\n`,
);
