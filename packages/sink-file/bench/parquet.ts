/**
 * Parquet writers from the npm registry, measured in one run: (c, d) a fresh install of each into its own
 * folder with an empty npm cache (time, size on disk, packages, install scripts, anything fetched from
 * outside the registry, engines that exclude this Node), then (a, b) each writing the same real events in
 * its own process, `RUNS` times interleaved: median time and peak RSS as ratios to an NDJSON baseline
 * measured in the same run. Every output is read back with DuckDB (row count and distinct eventIDs).
 *
 *   pnpm --filter @trailkit/sink-file bench:parquet [events] [--reuse]
 *
 * `--reuse` keeps the installs of an earlier run (under the OS temp dir) instead of installing afresh.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const reuse = args.includes('--reuse');
const events = args.find((a) => /^\d+$/.test(a)) ?? '50000';
const RUNS = 3;
const INSTALLS = join(tmpdir(), 'trailkit-parquet-bench');
const child = fileURLToPath(new URL('./parquet-child.ts', import.meta.url));

/** Candidate → the packages a user would install for it (versions as measured). */
const CANDIDATES: Record<string, string[]> = {
  ndjson: [],
  'hyparquet-writer': ['hyparquet-writer@0.17.0'],
  /** `fileSink({ format: 'parquet' })` as built on hyparquet-writer (installed with the workspace). */
  'fileSink-parquet': [],
  '@duckdb/node-api': ['@duckdb/node-api@1.5.6-r.1'],
  'parquet-wasm': ['parquet-wasm@0.8.0', 'apache-arrow@21.2.0'],
  // 1.9.3 (the latest) ships no dist/ and needs Node >= 24.18; 1.8.9 needs Node >= 24.18 too
  '@dsnp/parquetjs': ['@dsnp/parquetjs@1.8.8'],
  'parquetjs-lite': ['parquetjs-lite@0.8.7'],
};

interface Install {
  seconds: number;
  diskMiB: number;
  packages: number;
  installScripts: string[];
  outsideRegistry: string[];
  engineWarnings: string[];
}

function duBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  }
  return total;
}

function install(name: string, specs: string[]): Install | undefined {
  if (specs.length === 0) return undefined;
  const dir = join(INSTALLS, name);
  if (!reuse || !existsSync(join(dir, 'node_modules'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"bench","version":"1.0.0","private":true}\n');
  }
  const started = performance.now();
  const run = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--cache', join(dir, '.npm-cache'), ...specs],
    { cwd: dir, encoding: 'utf8' },
  );
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`npm install ${specs.join(' ')} failed:\n${run.stderr}`);
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { resolved?: string; hasInstallScript?: boolean }>;
  };
  const entries = Object.entries(lock.packages).filter(([k]) => k !== '');
  return {
    seconds: Number(seconds.toFixed(1)),
    diskMiB: Number((duBytes(join(dir, 'node_modules')) / 2 ** 20).toFixed(1)),
    packages: entries.length,
    installScripts: entries
      .filter(([, p]) => p.hasInstallScript)
      .map(([k]) => k.replace(/^.*node_modules\//, '')),
    outsideRegistry: entries
      .filter(([, p]) => p.resolved !== undefined && !p.resolved.startsWith('https://registry.npmjs.org/'))
      .map(([k, p]) => `${k}: ${p.resolved}`),
    engineWarnings: [...run.stderr.matchAll(/EBADENGINE Unsupported engine \{[^}]*package: '([^']+)'/g)]
      .map((m) => m[1] as string)
      .concat(
        [
          ...run.stderr.matchAll(
            /package: '([^']+)',\s*\nnpm warn EBADENGINE\s+required: \{ node: '([^']+)'/g,
          ),
        ].map((m) => `${m[1]} needs node ${m[2]}`),
      ),
  };
}

interface Sample {
  ms: number;
  bytes: number;
  maxRssBytes: number;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (${events} events)`,
);
const installs: Record<string, Install | undefined> = {};
for (const [name, specs] of Object.entries(CANDIDATES)) {
  installs[name] = install(name, specs);
  if (installs[name]) console.log(`installed ${name}: ${JSON.stringify(installs[name])}`);
}

const outDir = join(INSTALLS, 'out');
mkdirSync(outDir, { recursive: true });
const samples: Record<string, Sample[]> = {};
const failures: Record<string, string> = {};
for (let r = 0; r < RUNS; r++) {
  for (const name of Object.keys(CANDIDATES)) {
    if (failures[name]) continue;
    const out = join(outDir, `${name.replace(/[@/]/g, '_')}.${name === 'ndjson' ? 'ndjson' : 'parquet'}`);
    rmSync(`${out}.d`, { recursive: true, force: true });
    rmSync(out, { force: true });
    try {
      const text = execFileSync(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', child, name, INSTALLS, events, out],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const list = samples[name] ?? [];
      list.push(JSON.parse(text) as Sample);
      samples[name] = list;
    } catch (error) {
      failures[name] = String((error as { stderr?: string }).stderr ?? error)
        .split('\n')
        .slice(0, 6)
        .join(' ');
    }
  }
}

// Every Parquet output read back with DuckDB: all rows there, each eventID once.
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const readBack: Record<string, string> = {};
for (const name of Object.keys(samples)) {
  if (name === 'ndjson') continue;
  const out = join(outDir, `${name.replace(/[@/]/g, '_')}.parquet`);
  try {
    const rows = (
      await connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, count(DISTINCT eventID)::INTEGER AS ids, count(userIdentity.arn)::INTEGER AS arns FROM read_parquet('${out}')`,
      )
    ).getRowObjectsJson()[0] as { n: number; ids: number };
    readBack[name] = rows.n === Number(events) && rows.ids === Number(events) ? 'ok' : JSON.stringify(rows);
  } catch (error) {
    readBack[name] = `unreadable: ${(error as Error).message}`;
  }
}
connection.closeSync();

const base = samples.ndjson as Sample[];
const baseMs = median(base.map((s) => s.ms));
const baseRss = median(base.map((s) => s.maxRssBytes));
const results = Object.keys(CANDIDATES).map((name) => {
  const s = samples[name];
  const i = installs[name];
  if (!s) return { candidate: name, failed: failures[name], install: i };
  const ms = median(s.map((x) => x.ms));
  const rss = median(s.map((x) => x.maxRssBytes));
  return {
    candidate: name,
    medianMs: Math.round(ms),
    eventsPerSecond: Math.round((Number(events) / ms) * 1000),
    timeVsNdjson: Number((ms / baseMs).toFixed(2)),
    peakRssMiB: Number((rss / 2 ** 20).toFixed(1)),
    rssVsNdjson: Number((rss / baseRss).toFixed(2)),
    outputMiB: Number(((s[0] as Sample).bytes / 2 ** 20).toFixed(2)),
    sizeVsNdjson: Number(((s[0] as Sample).bytes / (base[0] as Sample).bytes).toFixed(3)),
    duckdbReadBack: name === 'ndjson' ? '-' : readBack[name],
    install: i,
  };
});
const doc = {
  node: process.version,
  events: Number(events),
  runs: RUNS,
  loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  results,
};
writeFileSync(
  fileURLToPath(new URL('./parquet-results.json', import.meta.url)),
  `${JSON.stringify(doc, null, 2)}\n`,
);
console.table(
  results.map((r) => ({
    candidate: r.candidate,
    ms: 'medianMs' in r ? r.medianMs : 'failed',
    'time ×': 'timeVsNdjson' in r ? r.timeVsNdjson : '',
    'RSS MiB': 'peakRssMiB' in r ? r.peakRssMiB : '',
    'RSS ×': 'rssVsNdjson' in r ? r.rssVsNdjson : '',
    'size ×': 'sizeVsNdjson' in r ? r.sizeVsNdjson : '',
    'install s': r.install?.seconds ?? '',
    'disk MiB': r.install?.diskMiB ?? '',
    pkgs: r.install?.packages ?? '',
    readBack: 'duckdbReadBack' in r ? r.duckdbReadBack : '',
  })),
);
for (const [name, f] of Object.entries(failures)) console.log(`${name} failed: ${f}`);
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
