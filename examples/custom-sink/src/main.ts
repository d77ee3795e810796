/**
 * Example: a user-written sink (`csvSink`) in a pipeline. Scans the bundled samples, keeps the failed calls
 * (events with an `errorCode`), and writes them as CSV.
 *
 *   pnpm --filter @trailkit-examples/custom-sink start [input] [output.csv]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesSource, pattern, pipeline, type RunSummary } from '@trailkit/core';
import { csvSink } from './csv-sink';

/** The repository's bundled sample logs. */
export const SAMPLES = fileURLToPath(new URL('../../../samples/AWSLogs/', import.meta.url));

/** Options of {@link main}. */
export interface CustomSinkExampleOptions {
  input?: string;
  output: string;
  /** Keep only events matching this CloudWatch Logs filter pattern (default: events with an errorCode). */
  filter?: string;
  maxRows?: number;
}

/** Run the example; resolves with the summary and how many file writes the sink made. */
export async function main(
  options: CustomSinkExampleOptions,
): Promise<{ summary: RunSummary; fileWrites: number }> {
  const sink = csvSink({ path: options.output, maxRows: options.maxRows ?? 500, maxWaitMs: 100 });
  const summary = await pipeline()
    .from(filesSource({ paths: [options.input ?? SAMPLES] }))
    .filter(pattern(options.filter ?? '{ $.errorCode = * }'))
    .to(sink)
    .run({ onInvalid: 'skip' });
  return { summary, fileWrites: sink.fileWrites };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `pnpm start -- a b` passes the `--` through: drop it
  const [input, out] = process.argv.slice(2).filter((a) => a !== '--');
  const output = resolve(out ?? 'failed-calls.csv');
  const { summary, fileWrites } = await main({ input, output });
  console.log(
    `${summary.events.read} events read, ${summary.events.passed} failed calls -> ${output} (${fileWrites} file writes)`,
  );
}
