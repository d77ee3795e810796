import type { Source, TrailEvent } from '@trailkit/core';

const log = { debug() {}, info() {}, warn() {}, error() {} };

/** Every event a source yields, in order. */
export async function readAll(source: Source, from?: unknown): Promise<TrailEvent[]> {
  const events: TrailEvent[] = [];
  const signal = new AbortController().signal;
  for await (const batch of source.read({
    signal,
    log,
    // Bad input is skipped, as a run's default `onInvalid: 'skip'` does (core's fixtures hold a counts.json).
    onInvalid: () => {},
    ...(from ? { from: from as never } : {}),
  })) {
    events.push(...batch.events);
  }
  return events;
}

/** Events as sorted JSON texts, to compare two reads as multisets. */
export function canonical(events: readonly TrailEvent[]): string[] {
  return events.map((e) => JSON.stringify(e)).sort();
}
