/**
 * Example: scan a folder of CloudTrail logs with `filesSource` and write them as NDJSON with `fileSink`,
 * partitioned by account/region/date, gzip-compressed, rotated every 16 MiB.
 *
 *   pnpm --filter @trailkit-examples/scan-to-ndjson start [input-dir] [output-dir]
 *
 * Defaults: the bundled `samples/AWSLogs` tree, into `./out-ndjson`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesSource, pipeline, type RunSummary } from '@trailkit/core';
import { fileSink } from '@trailkit/sink-file';

/** The repository's bundled sample logs. */
export const SAMPLES = fileURLToPath(new URL('../../../samples/AWSLogs/', import.meta.url));

/** Options of {@link main}. */
export interface ScanToNdjsonOptions {
  /** Folder (or file) of CloudTrail logs: `.json.gz`, `.json`, NDJSON. */
  input?: string;
  /** Output directory. */
  outDir: string;
  /** Gzip the output (default true). */
  gzip?: boolean;
  /** Only events from these regions (pruned by the `AWSLogs/` layout). */
  regions?: string[];
  signal?: AbortSignal;
}

/** Scan `input` and write NDJSON under `outDir`; resolves with the run summary and the files written. */
export async function main(
  options: ScanToNdjsonOptions,
): Promise<{ summary: RunSummary; files: readonly string[] }> {
  const sink = fileSink({
    dir: options.outDir,
    gzip: options.gzip ?? true,
    partitionBy: 'account/region/date',
    rotate: { maxBytes: 16 * 1024 * 1024 },
  });
  const summary = await pipeline()
    .from(filesSource({ paths: [options.input ?? SAMPLES], regions: options.regions }))
    .to(sink)
    .run({ signal: options.signal, onInvalid: 'skip' });
  // run() has flushed and closed the sink: every file is final (renamed from its .tmp name).
  return { summary, files: sink.files() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `pnpm start -- a b` passes the `--` through: drop it
  const [input, out] = process.argv.slice(2).filter((a) => a !== '--');
  const outDir = resolve(out ?? 'out-ndjson');
  const { summary, files } = await main({ input, outDir });
  console.log(
    `${summary.events.read} events from ${summary.objects} objects -> ${files.length} file(s) in ${outDir} (${summary.events.invalid} invalid skipped)`,
  );
  for (const f of files) console.log(`  ${f}`);
}
