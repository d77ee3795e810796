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
import { resolveRunOptions } from '../src/pipeline/run-options';
import { planWorkers } from '../src/pipeline/workers/plan-workers';
import type { FilePart, WorkerPlan } from '../src/pipeline/workers/protocol';
import { WorkerPool } from '../src/pipeline/workers/worker-pool';
import { indexDetectors } from '../src/rules/detector-index';
import { loadRules } from '../src/rules/rule-pack';
import { filesSource } from '../src/sources/files/files-source';

export type TreeCandidate =
  | 'idle'
  | 'naive'
  | 'parse-whole'
  | 'parse-stream'
  | 'pipeline'
  | 'pipeline-rules'
  | 'parse-workers'
  | 'pool-worker-threads'
  | 'pool-piscina'
  | 'pool-tinypool';

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

/** The workers' plan of `scan --rules cis,threats` (no filter, detection pre-selection), for the pool rows. */
async function scanPlan(dir: string): Promise<WorkerPlan> {
  const stages = [{ kind: 'detect' as const, detectors: [indexDetectors(await loadRules('cis,threats'))] }];
  const planned = planWorkers(
    filesSource({ paths: dir }),
    stages,
    resolveRunOptions({ workers: 2 }, 'files'),
  );
  if (!planned) throw new Error('the scan pipeline cannot be sent to workers');
  return planned.plan;
}

/**
 * The pool comparison: every file sent to a pool of `count` workers as the pipeline sends them (a window
 * of 4 per worker ahead of the file consumed, results taken in path order); counts the kept events.
 */
async function poolRun(
  kind: 'worker-threads' | 'piscina' | 'tinypool',
  files: readonly string[],
  count: number,
  plan: WorkerPlan,
): Promise<number> {
  const window = count * 4;
  let submit: (file: string) => Promise<FilePart[]>;
  let close: () => Promise<void>;
  if (kind === 'worker-threads') {
    const pool = new WorkerPool(count, plan, { url: new URL('./pipeline-worker.mjs', import.meta.url) });
    submit = async (file) => {
      const parts = pool.submit({ file, skip: 0 });
      const out: FilePart[] = [];
      for (let p = await parts.next(); ; p = await parts.next()) {
        out.push(p);
        if (p.end) return out;
      }
    };
    close = () => pool.close();
  } else {
    const filename = new URL('./tree-pool-worker.mjs', import.meta.url).href;
    const options = { filename, minThreads: count, maxThreads: count, workerData: { plan } };
    const pool =
      kind === 'piscina'
        ? new (await import('piscina')).Piscina(options)
        : new (await import('tinypool')).Tinypool(options);
    submit = (file) => pool.run({ file, skip: 0 }) as Promise<FilePart[]>;
    close = () => pool.destroy();
  }
  const pending: Array<Promise<FilePart[]>> = [];
  let next = 0;
  let events = 0;
  for (let i = 0; i < files.length; i++) {
    for (; next < files.length && next < i + window; next++) pending.push(submit(files[next] as string));
    const parts = await (pending.shift() as Promise<FilePart[]>);
    for (const part of parts) events += part.flags.length;
  }
  await close();
  return events;
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
        .run(workers > 0 ? { workers } : {});
      return summary.events.read === events && (summary.workers ?? 1) === (workers || (summary.workers ?? 1))
        ? events
        : -1;
    }
    case 'pipeline-rules': {
      const rules = await loadRules('cis,threats');
      let findings = 0;
      const summary = await pipeline()
        .from(filesSource({ paths: dir }))
        .detect(rules)
        .to({
          name: 'count',
          write: async (items) => {
            findings += items.length;
          },
        })
        .run(workers > 0 ? { workers } : {});
      return summary.findings.total === findings ? summary.events.read : -1;
    }
    case 'pool-worker-threads':
      return poolRun('worker-threads', treeFiles(dir), workers, await scanPlan(dir));
    case 'pool-piscina':
      return poolRun('piscina', treeFiles(dir), workers, await scanPlan(dir));
    case 'pool-tinypool':
      return poolRun('tinypool', treeFiles(dir), workers, await scanPlan(dir));
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
