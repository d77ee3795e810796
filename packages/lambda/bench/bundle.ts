/**
 * Bundle size and cold-start init time of a Lambda handler bundle, against an empty handler bundled the
 * same way, in the same run. Bundling is the recipe of the README (esbuild, one minified ESM file, the
 * AWS SDK included). Init time is what Lambda's init phase pays for the code: a fresh `node` process
 * importing the bundle (module load and evaluation, the pipeline built at module scope), measured inside
 * the process with `performance.now()` around `import()`; then one invocation with an empty batch (it must
 * answer with `batchItemFailures`: the bundle works) and the process's peak RSS. Each bundle is
 * imported RUNS times in fresh processes, alternating; medians are reported.
 *
 *   pnpm --filter @trailkit/lambda bench
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const RUNS = Number(process.env.RUNS ?? 15);
const here = new URL('.', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'trailkit-lambda-bench-'));

/** The README's recipe. */
async function bundle(entry: string, name: string): Promise<string> {
  const outfile = join(out, `${name}.mjs`);
  await build({
    entryPoints: [join(here, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    mainFields: ['module', 'main'],
    conditions: ['source'], // workspace packages from their TypeScript sources (published: their dist)
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}

// Import (the init phase), then one invocation with an empty batch: proves the bundle runs.
const PROBE = `
const t0 = performance.now();
const { handler } = await import(process.argv[1]);
const initMs = performance.now() - t0;
const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 60000 };
const t1 = performance.now();
const response = await handler({ Records: [] }, context);
const invokeMs = performance.now() - t1;
if (!Array.isArray(response?.batchItemFailures)) throw new Error('unexpected response');
console.log(JSON.stringify({ initMs, invokeMs, maxRssKb: process.resourceUsage().maxRSS }));
`;

function coldStart(file: string): { initMs: number; invokeMs: number; maxRssKb: number } {
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const text = execFileSync(process.execPath, ['--input-type=module', '-e', PROBE, file], {
    env,
    encoding: 'utf8',
  });
  return JSON.parse(text.trim().split('\n').pop() ?? '{}');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

const candidates = [
  { name: 'empty handler', file: await bundle('empty-entry.ts', 'empty') },
  { name: 'sqsHandler + CIS/threat rules', file: await bundle('handler-entry.ts', 'handler') },
];
const samples = candidates.map(() => ({
  initMs: [] as number[],
  invokeMs: [] as number[],
  rss: [] as number[],
}));
for (const c of candidates) coldStart(c.file); // warm the OS file cache once
for (let run = 0; run < RUNS; run++) {
  candidates.forEach((c, i) => {
    const r = coldStart(c.file);
    samples[i]?.initMs.push(r.initMs);
    samples[i]?.invokeMs.push(r.invokeMs);
    samples[i]?.rss.push(r.maxRssKb);
  });
}
const base = { initMs: median(samples[0]?.initMs ?? []), rss: median(samples[0]?.rss ?? []) };
const rows = candidates.map((c, i) => {
  const bytes = readFileSync(c.file).length;
  const initMs = median(samples[i]?.initMs ?? []);
  const rssKb = median(samples[i]?.rss ?? []);
  return {
    candidate: c.name,
    bytes,
    gzipBytes: gzipSync(readFileSync(c.file), { level: 9 }).length,
    initMs: Math.round(initMs * 10) / 10,
    initVsEmptyMs: Math.round((initMs - base.initMs) * 10) / 10,
    firstInvokeMs: Math.round(median(samples[i]?.invokeMs ?? []) * 10) / 10,
    peakRssMb: Math.round(rssKb / 1024),
    rssVsEmpty: Math.round((rssKb / base.rss) * 100) / 100,
  };
});
const results = { node: process.version, runs: RUNS, date: new Date().toISOString(), rows };
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.table(rows);
rmSync(out, { recursive: true, force: true });
