/**
 * Benchmark: the question (how many `*UnauthorizedOperation` / `AccessDenied*` errors?) over a tree of
 * the bundled samples copied 40 times (2,080 gzip files), in one run, each variant in its own child process
 * (median of 3 wall times; memory as that process's peak RSS):
 *
 * - `duckdb raw count`: DuckDB's own `SELECT count(*)` over the view, the pushed-down WHERE;
 * - `duckdb raw rows`: the very SQL `duckdbSource` runs, its rows fetched into JavaScript, no event built;
 * - `duckdbSource`: the same, rows mapped back to `TrailEvent`s (JSON.parse, origin) and batched;
 * - `filesSource`: core's streaming parser over every file, the pattern run on every event (the baseline).
 *
 *   pnpm --filter @trailkit/source-duckdb bench        (COPIES=40 by default)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesSource, pattern, type Source, type TrailEvent } from '@trailkit/core';
import { buildDuckDbQuery, duckdbSource, listTrailFiles, openCloudTrailDatabase } from '../src';

const PATTERN = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';
const SAMPLES = fileURLToPath(new URL('../../../samples/AWSLogs', import.meta.url));
const VARIANTS = ['duckdb raw count', 'duckdb raw rows', 'duckdbSource', 'filesSource'] as const;
type Variant = (typeof VARIANTS)[number];

const ctx = () => ({
  signal: new AbortController().signal,
  log: { debug() {}, info() {}, warn() {}, error() {} },
  onInvalid: () => {},
});

async function count(source: Source, keep: (e: TrailEvent) => boolean = () => true): Promise<number> {
  let n = 0;
  for await (const batch of source.read(ctx())) for (const e of batch.events) if (keep(e)) n++;
  return n;
}

/** Run one variant over the tree; resolves with the number of matching events. */
async function runVariant(variant: Variant, tree: string): Promise<number> {
  switch (variant) {
    case 'duckdb raw count':
    case 'duckdb raw rows': {
      const query = buildDuckDbQuery({ pattern: PATTERN });
      const files = await listTrailFiles([tree], { dateRange: query.dateRange });
      const db = await openCloudTrailDatabase(files.map((f) => f.path));
      try {
        if (variant === 'duckdb raw count') {
          const sql = `SELECT count(*) FROM (${query.sql})`;
          const reader = await db.connection.runAndReadAll(sql, query.values);
          return Number(reader.getRows()[0]?.[0]);
        }
        const result = await db.connection.stream(query.sql, query.values);
        let n = 0;
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          const records = chunk.getColumnVector(0);
          for (let i = 0; i < chunk.rowCount; i++) if ((records.getItem(i) as string).length > 0) n++;
        }
        return n;
      } finally {
        db.close();
      }
    }
    case 'duckdbSource':
      return count(duckdbSource({ paths: [tree], pattern: PATTERN }));
    case 'filesSource': {
      const filter = pattern(PATTERN);
      return count(filesSource({ paths: [tree] }), (e) => filter.test(e));
    }
  }
}

const child = process.argv.indexOf('--child');
if (child !== -1) {
  const variant = process.argv[child + 1] as Variant;
  const tree = process.argv[child + 2] as string;
  const start = process.hrtime.bigint();
  const matched = await runVariant(variant, tree);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(JSON.stringify({ ms, matched, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
} else {
  const copies = Number(process.env.COPIES ?? 40);
  const tree = mkdtempSync(join(tmpdir(), 'trailkit-duckdb-bench-'));
  try {
    for (let i = 0; i < copies; i++) cpSync(SAMPLES, join(tree, `copy-${i}`, 'AWSLogs'), { recursive: true });
    const files = (await listTrailFiles([tree])).length;
    const rows: Record<string, unknown>[] = [];
    const results = new Map<Variant, { ms: number; matched: number; peakRssMiB: number }>();
    for (const variant of VARIANTS) {
      const runs = [0, 1, 2].map(() => {
        const out = execFileSync(
          process.execPath,
          [...process.execArgv, fileURLToPath(import.meta.url), '--child', variant, tree],
          { encoding: 'utf8' },
        );
        return JSON.parse(out.trim().split('\n').at(-1) as string) as {
          ms: number;
          matched: number;
          peakRssMiB: number;
        };
      });
      runs.sort((a, b) => a.ms - b.ms);
      results.set(variant, runs[1] as { ms: number; matched: number; peakRssMiB: number });
    }
    const baseline = results.get('filesSource')?.ms ?? 1;
    const raw = results.get('duckdb raw rows')?.ms ?? 1;
    for (const [variant, r] of results) {
      rows.push({
        variant,
        'wall ms (median of 3)': Math.round(r.ms),
        matched: r.matched,
        'vs filesSource': Number((r.ms / baseline).toFixed(2)),
        'vs duckdb raw rows': Number((r.ms / raw).toFixed(2)),
        'peak RSS MiB': Math.round(r.peakRssMiB),
      });
    }
    console.log(`tree: ${copies} copies of samples/AWSLogs, ${files} files`);
    console.table(rows);
    const matched = new Set([...results.values()].map((r) => r.matched));
    if (matched.size !== 1) throw new Error(`variants disagree: ${[...matched].join(', ')}`);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}
