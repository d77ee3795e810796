/**
 * One measurement in its own process (run bundled, see `bundle.ts`): `child.mjs <candidate> <shape> <file>` prints
 * `{ events, ms, cpuMs, maxRssBytes }` as JSON. `child.ts workers <n> <file>` parses the file once per worker
 * thread, all at the same time.
 */
import { Worker } from 'node:worker_threads';
import { type Candidate, runCandidate } from './candidates';
import type { Shape } from './corpus';

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Start `count` workers, wait until all are loaded, then time them parsing `path` at the same time. */
async function workers(count: number, path: string): Promise<{ events: number; ms: number }> {
  // worker.ts, bundled next to this file
  const url = new URL('./worker.mjs', import.meta.url);
  const started = Array.from({ length: count }, () => {
    const worker = new Worker(url, { workerData: { path } });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return { worker, ready };
  });
  await Promise.all(started.map((s) => s.ready));
  const start = performance.now();
  const counts = await Promise.all(
    started.map(
      ({ worker }) =>
        new Promise<number>((resolve, reject) => {
          worker.once('message', (n: number) => {
            resolve(n);
            void worker.terminate();
          });
          worker.once('error', reject);
          worker.postMessage('go');
        }),
    ),
  );
  return { events: counts.reduce((a, b) => a + b, 0), ms: performance.now() - start };
}

const [what, arg, path] = process.argv.slice(2);
let events: number;
let ms: number;
let cpuMs = 0;
if (what === 'workers') {
  ({ events, ms } = await workers(Number(arg), path!));
} else {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await runCandidate(what as Candidate, path!, arg as Shape);
  ms = performance.now() - start;
  if (typeof result !== 'number') ({ events, ms } = result);
  else events = result;
  const cpu = process.cpuUsage(cpu0);
  cpuMs = (cpu.user + cpu.system) / 1000;
}
process.stdout.write(`${JSON.stringify({ events, ms, cpuMs, maxRssBytes: peakRss() })}\n`);
