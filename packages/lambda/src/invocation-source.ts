import type { Source, SourceBatch, TrailEvent } from '@trailkit/core';
import type { ItemLedger } from './ledger';
import type { WorkItem } from './work-item';

/**
 * The source of one invocation: each item's events in batches, items one after another. The last batch
 * of an item (an empty one if it had no events) carries its `ack`, which marks it done in the ledger:
 * the pipeline acknowledges batches in order and only after every sink wrote them, so that ack means the
 * whole item was written. An item whose read fails is marked failed and the next one is read.
 */
export function invocationSource(name: string, items: readonly WorkItem[], ledger: ItemLedger): Source {
  return {
    name,
    async *read(ctx): AsyncGenerator<SourceBatch> {
      const batchSize = ctx.batchSize ?? 500;
      for (const item of items) {
        if (ctx.signal.aborted) return;
        let held: TrailEvent[] | undefined;
        let failed = false;
        try {
          for await (const events of item.read({ signal: ctx.signal, batchSize, onInvalid: ctx.onInvalid })) {
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
    },
  };
}
