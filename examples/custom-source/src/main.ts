/**
 * Example: a user-written Source (`httpLogsSource`) in a trailkit pipeline, with a checkpoint so a second
 * run resumes where the first stopped.
 *
 *   pnpm --filter @trailkit-examples/custom-source start [checkpoint-file]
 *
 * It serves the bundled `samples/AWSLogs` files on 127.0.0.1, reads them over HTTP, and prints the most
 * frequent API calls.
 */
import { fileURLToPath } from 'node:url';
import { fileCheckpoint, pipeline, type RunSummary, type Sink, type TrailEvent } from '@trailkit/core';
import { httpLogsSource } from './http-logs-source';
import { serveFiles } from './static-server';

/** Default input: the repository's bundled sample logs. */
export const SAMPLES = fileURLToPath(new URL('../../../samples/AWSLogs/', import.meta.url));

/** What a run returns. */
export interface ExampleResult {
  summary: RunSummary;
  /** Events per `eventSource:eventName`. */
  counts: Map<string, number>;
}

/** Read every sample log over HTTP through the custom source; resume from `checkpointPath` when given. */
export async function main(
  options: { root?: string; checkpointPath?: string; signal?: AbortSignal } = {},
): Promise<ExampleResult> {
  const server = await serveFiles(options.root ?? SAMPLES);
  const counts = new Map<string, number>();
  // The smallest possible sink: count events by API call.
  const counter: Sink<TrailEvent> = {
    name: 'counter',
    async write(events) {
      for (const e of events) {
        const key = `${e.eventSource}:${e.eventName}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    },
  };
  try {
    const summary = await pipeline()
      .from(httpLogsSource({ urls: server.urls, batchSize: 100 }))
      .to(counter)
      .run({
        signal: options.signal,
        onInvalid: 'skip',
        ...(options.checkpointPath ? { checkpoint: fileCheckpoint(options.checkpointPath) } : {}),
      });
    return { summary, counts };
  } finally {
    await server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `pnpm start -- state.json` passes the `--` through: drop it
  const [checkpointPath] = process.argv.slice(2).filter((a) => a !== '--');
  const { summary, counts } = await main({ checkpointPath });
  console.log(
    `read ${summary.events.read} events from ${summary.objects} objects over HTTP (${summary.events.invalid} invalid)`,
  );
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10);
  for (const [call, n] of top) console.log(`${String(n).padStart(6)}  ${call}`);
}
