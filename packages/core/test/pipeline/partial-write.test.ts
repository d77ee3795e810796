import { describe, expect, it } from 'vitest';
import type { Sink } from '../../src/contracts';
import type { TrailEvent } from '../../src/event/trail-event';
import { pipeline } from '../../src/index';
import { PartialWriteError } from '../../src/plugin/index';
import type { DeadLetter } from '../../src/pipeline/types';
import { batchSink } from '../../src/util/batch-sink';
import { arraySource, collectSink } from './helpers';

const fast = { baseMs: 1, maxMs: 5 };
const events = (n: number): TrailEvent[] => Array.from({ length: n }, (_, i) => ({ eventID: `e${i}` }));
const classified = (message: string, isRetryable: boolean) =>
  Object.assign(new Error(message), { isRetryable });

/**
 * A sink that delivers items one by one; `fail(item, attempt)` names the error for an item on that call
 * of `write` (or undefined: delivered). Records what it was handed and what it delivered.
 */
function flakySink(fail: (id: string, call: number) => Error | undefined) {
  const sink = {
    name: 'flaky',
    calls: [] as string[][],
    delivered: [] as string[],
    async write(items: readonly TrailEvent[]) {
      const call = sink.calls.push(items.map((e) => e.eventID as string));
      const failures = new Map<Error, TrailEvent[]>();
      for (const item of items) {
        const error = fail(item.eventID as string, call);
        if (!error) sink.delivered.push(item.eventID as string);
        else failures.set(error, [...(failures.get(error) ?? []), item]);
      }
      if (failures.size > 0)
        throw new PartialWriteError(
          sink.name,
          [...failures].map(([error, items]) => ({ items, error })),
          items.length,
        );
    },
  };
  return sink satisfies Sink<TrailEvent>;
}

describe('the pipeline owns retries: partial writes', () => {
  it('retries only undelivered retryable items, dead-letters refused ones at once, counts exactly', async () => {
    const refused = classified('400', false);
    const busy = classified('503', true);
    const sink = flakySink((id, call) => {
      if (id === 'e3') return refused;
      if ((id === 'e5' || id === 'e6') && call === 1) return busy;
      return undefined;
    });
    const dead = collectSink<DeadLetter>('dead');
    const summary = await pipeline()
      .from(arraySource([events(10)]))
      .to(sink)
      .run({ retry: { attempts: 3, ...fast }, deadLetter: dead });
    expect(sink.calls).toEqual([events(10).map((e) => e.eventID), ['e5', 'e6']]);
    expect(sink.delivered.sort()).toEqual(['e0', 'e1', 'e2', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
    expect(dead.items.map((d) => (d.item as TrailEvent).eventID)).toEqual(['e3']);
    expect(dead.items[0]).toMatchObject({ sink: 'flaky', error: '400', attempts: 1 });
    expect(summary.sinks[0]).toMatchObject({ written: 9, writes: 1, retried: 1, failed: 1, deadLettered: 1 });
  });

  it('a non-retryable error is written once and dead-lettered; others of the run go on', async () => {
    let calls = 0;
    const sink: Sink<TrailEvent> = {
      name: 'strict',
      async write() {
        calls++;
        throw classified('401', false);
      },
    };
    const dead = collectSink<DeadLetter>('dead');
    const summary = await pipeline()
      .from(arraySource([events(3)]))
      .to(sink)
      .run({ retry: { attempts: 5, ...fast }, deadLetter: dead });
    expect(calls).toBe(1);
    expect(summary.sinks[0]).toMatchObject({ written: 0, retried: 0, failed: 3, deadLettered: 3 });
  });

  it('items still failing after every attempt go to the dead letter; the rest counts as written', async () => {
    const sink = flakySink((id) => (id === 'e1' ? classified('503', true) : undefined));
    const dead = collectSink<DeadLetter>('dead');
    const summary = await pipeline()
      .from(arraySource([events(4)]))
      .to(sink)
      .run({ retry: { attempts: 3, ...fast }, deadLetter: dead });
    expect(sink.calls).toEqual([['e0', 'e1', 'e2', 'e3'], ['e1'], ['e1']]);
    expect(summary.sinks[0]).toMatchObject({ written: 3, retried: 2, failed: 1, deadLettered: 1 });
    expect(dead.items).toHaveLength(1);
  });

  it('batchSink hands each write only its own undelivered items', async () => {
    const sent: string[][] = [];
    const sink = batchSink<TrailEvent>({
      name: 'b',
      maxItems: 4,
      send: async (items) => {
        sent.push(items.map((e) => e.eventID as string));
        const bad = items.filter((e) => e.eventID === 'e1');
        if (bad.length > 0 && sent.length === 1)
          throw new PartialWriteError('b', [{ items: bad, error: classified('503', true) }], items.length);
      },
    });
    const [a, b] = [events(2), events(4).slice(2)];
    const ctx = { signal: new AbortController().signal };
    const results = await Promise.allSettled([sink.write(a, ctx), sink.write(b, ctx)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    const error = (results[0] as PromiseRejectedResult).reason;
    expect(PartialWriteError.isInstance(error) && error.undelivered).toEqual([a[1]]);
  });
});
