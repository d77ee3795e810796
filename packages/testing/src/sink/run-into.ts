/** Run items through a pipeline into one sink, for testing Sink plugins (the webhook and Slack sinks' tests use it). */
import type {
  DeadLetter,
  Finding,
  Logger,
  RunOptions,
  RunSummary,
  Sink,
  Source,
  TrailEvent,
} from '@trailkit/core';
import { getRunSummary, pipeline } from '@trailkit/core';

/** A source that yields `items` as one batch. */
export function itemsSource(items: readonly (TrailEvent | Finding)[]): Source {
  return {
    name: 'items',
    async *read() {
      yield { events: [...items] as TrailEvent[], position: 0 };
    },
  };
}

/** Short pipeline retry waits for tests. */
export const fastRetry = { baseMs: 5, maxMs: 50, jitter: 'none' as const };

/** Run `items` through a pipeline into `sink`; resolves with the summary, or the error and its summary. */
export async function runInto(
  sink: Sink<TrailEvent | Finding>,
  items: readonly (TrailEvent | Finding)[],
  options: RunOptions = {},
): Promise<{ summary: RunSummary; error?: unknown }> {
  try {
    const summary = await pipeline()
      .from(itemsSource(items))
      .to(sink)
      .run({ retry: fastRetry, ...options });
    return { summary };
  } catch (error) {
    const summary = getRunSummary(error);
    if (!summary) throw error;
    return { summary, error };
  }
}

/** A dead-letter sink that keeps its records in memory. */
export function memoryDeadLetter(): Sink<DeadLetter> & { records: DeadLetter[] } {
  const records: DeadLetter[] = [];
  return { name: 'dead', records, write: async (items) => void records.push(...items) };
}

/** A logger that keeps every line. */
export function collectingLog(): Logger & { lines: Array<[string, Record<string, unknown> | undefined]> } {
  const lines: Array<[string, Record<string, unknown> | undefined]> = [];
  const push = (m: string, f?: Record<string, unknown>) => lines.push([m, f]);
  return { lines, debug: push, info: push, warn: push, error: push };
}
