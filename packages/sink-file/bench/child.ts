/**
 * One measurement in its own process (so peak RSS is per candidate):
 * `child.ts <candidate> <events> <batch>` writes `events` real CloudTrail records in batches of `batch` into
 * a new temp directory and prints `{ ms, bytes, maxRssBytes }` as JSON.
 */
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGzip, gunzipSync, gzip as gzipCb } from 'node:zlib';
import type { TrailEvent } from '@trailkit/core';
import { fileSink } from '../src/index';

const gzip = promisify(gzipCb);
const [candidate = 'baseline-plain', eventsArg = '50000', batchArg = '500'] = process.argv.slice(2);
const total = Number(eventsArg);
const batch = Number(batchArg);

const DAY = fileURLToPath(
  new URL('../../../samples/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/', import.meta.url),
);
const records = readdirSync(DAY)
  .filter((f) => f.endsWith('.json.gz'))
  .flatMap(
    (f) =>
      (JSON.parse(gunzipSync(readFileSync(join(DAY, f))).toString()) as { Records: TrailEvent[] }).Records,
  );
const batches: TrailEvent[][] = [];
for (let i = 0; i < total; i += batch) {
  batches.push(
    Array.from({ length: Math.min(batch, total - i) }, (_, j) => records[(i + j) % records.length]!),
  );
}
const ctx = { signal: new AbortController().signal };
const dir = mkdtempSync(join(tmpdir(), 'sink-file-bench-'));

/** The baselines do what the sink must do at minimum: serialise each batch and write it through a file handle. */
async function baseline(compress: boolean): Promise<void> {
  const handle = await open(join(dir, compress ? 'out.ndjson.gz' : 'out.ndjson'), 'w');
  for (const b of batches) {
    let text = '';
    for (const e of b) text += `${JSON.stringify(e)}\n`;
    const bytes = Buffer.from(text);
    await handle.write(compress ? await gzip(bytes) : bytes);
  }
  await handle.close();
}

/** One gzip stream over the whole output (best compression; not what a crash-safe sink can do per write). */
async function gzipStream(): Promise<void> {
  const out = createWriteStream(join(dir, 'stream.ndjson.gz'));
  const gz = createGzip();
  const done = pipeline(gz, out);
  for (const b of batches) {
    let text = '';
    for (const e of b) text += `${JSON.stringify(e)}\n`;
    if (!gz.write(text)) await once(gz, 'drain');
  }
  gz.end();
  await done;
}

async function sink(options: Parameters<typeof fileSink>[0]): Promise<void> {
  const s = fileSink(options);
  for (const b of batches) await s.write(b, ctx);
  await s.close!();
}

const runs: Record<string, () => Promise<void>> = {
  'baseline-plain': () => baseline(false),
  'baseline-gzip': () => baseline(true),
  'gzip-one-stream': () => gzipStream(),
  'sink-plain': () => sink({ dir }),
  'sink-gzip': () => sink({ dir, gzip: true }),
  'sink-partitioned-gzip': () =>
    sink({ dir, gzip: true, partitionBy: 'account/region/date', rotate: { maxBytes: 8 << 20 } }),
};
const run = runs[candidate];
if (!run) throw new Error(`unknown candidate ${candidate}`);
const start = performance.now();
await run();
const ms = performance.now() - start;
const bytes = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ ms, bytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
