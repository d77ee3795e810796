import type { ReadContext, Source, SourceBatch, TrailEvent } from '@trailkit/core';
import type { ItemLedger } from './ledger';
import { type Prefetched, prefetch } from './prefetch';
import type { WorkItem } from './work-item';

/** Batches of one item buffered while it is read ahead. */
const BUFFERED_BATCHES = 2;

/**
 * The source of one invocation: each item's events in batches, in item order, with the next `readAhead`
 * items read ahead (their S3 objects fetched while earlier items are written). The last batch of an item
 * (an empty one if it had no events) carries its `ack`, which marks it done in the ledger: the pipeline
 * acknowledges batches in order and only after every sink wrote them, so that ack means the whole item
 * was written. An item whose read fails is marked failed and the next one is read.
 */
export function invocationSource(
  name: string,
  items: readonly WorkItem[],
  ledger: ItemLedger,
  readAhead = 0,
): Source {
  return {
    name,
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      const batchSize = ctx.batchSize ?? 500;
      const reading: Array<Prefetched<TrailEvent[]> | undefined> = [];
      const start = (i: number) => {
        const item = items[i] as WorkItem;
        return prefetch(
          item.read({ signal: ctx.signal, batchSize, onInvalid: ctx.onInvalid }),
          BUFFERED_BATCHES,
        );
      };
      try {
        for (let i = 0; i < items.length; i++) {
          if (ctx.signal.aborted) return;
          const item = items[i] as WorkItem;
          for (let j = reading.length; j <= Math.min(i + readAhead, items.length - 1); j++)
            reading.push(start(j));
          const batches = reading[i] as Prefetched<TrailEvent[]>;
          reading[i] = undefined;
          let held: TrailEvent[] | undefined;
          let failed = false;
          try {
            for await (const events of batches) {
              if (held) yield { events: held, position: { item: item.id } };
              held = events;
            }
          } catch (error) {
            if (ctx.signal.aborted) return; // out of time: the item is reported as unfinished
            failed = true;
            ledger.fail(item.id, error instanceof Error ? error.message : String(error));
            ctx.log.warn('item failed', { item: item.id, error });
          }
          if (failed) continue;
          yield {
            events: held ?? [],
            position: { item: item.id },
            objects: item.objects,
            ack: async () => ledger.done(item.id),
          };
        }
      } finally {
        for (const p of reading) p?.cancel();
      }
    },
  };
}
