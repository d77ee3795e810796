/** A deterministic, resumable source of real-looking events, for kill-and-resume tests of sinks. */
import type { Source, TrailEvent } from '@trailkit/core';
import { BUILTIN_RECORDS } from '../cloudtrail/builtin-records';

/** Options of {@link sequenceSource}. */
export interface SequenceSourceOptions {
  /** Events in all (default 5,000). */
  total?: number;
  /** Events per batch (default 100). */
  batchSize?: number;
  /** Wait this long before each batch (default 0), to spread a run over time. */
  delayMs?: number;
}

/**
 * `total` events in batches of `batchSize`: the built-in real records in turn, each with the event id
 * `seq-<n>` (n from 0), so a test can tell exactly which events a sink delivered. The position is
 * `{ next }`, the index of the first event not yet yielded; resuming from it yields the rest.
 *
 * @example
 * ```ts
 * await pipeline().from(sequenceSource({ total: 10_000 })).to(mySink).run({ checkpoint });
 * ```
 */
export function sequenceSource(options: SequenceSourceOptions = {}): Source {
  const total = options.total ?? 5_000;
  const size = options.batchSize ?? 100;
  const delayMs = options.delayMs ?? 0;
  return {
    name: 'sequence',
    async *read(ctx) {
      const from = ctx.from as { next?: unknown } | undefined;
      let next = typeof from?.next === 'number' ? from.next : 0;
      while (next < total && !ctx.signal.aborted) {
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        const end = Math.min(total, next + size);
        const events: TrailEvent[] = [];
        for (let i = next; i < end; i++) {
          const record = BUILTIN_RECORDS[i % BUILTIN_RECORDS.length] as Record<string, unknown>;
          events.push({ ...structuredClone(record), eventID: `seq-${i}` } as TrailEvent);
        }
        next = end;
        yield { events, position: { next } };
      }
    },
  };
}
