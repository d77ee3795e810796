import { describe, expect, it } from 'vitest';
import type { CheckpointStore, ReadContext, Sink, Source, SourceBatch } from '../../src/contracts';
import { CheckpointError, ParseError, SinkError, SourceError, TrailkitError } from '../../src/errors';
import type { TrailEvent } from '../../src/event/trail-event';
import { memoryCheckpoint } from '../../src/checkpoint/memory-checkpoint';
import { pipeline } from '../../src/pipeline/pipeline';
import { getRunSummary } from '../../src/pipeline/run-failure';
import type { DeadLetter } from '../../src/pipeline/types';
import { arraySource, collectSink, invictusFiles, until } from './helpers';

const files = invictusFiles();
const batches = files.slice(0, 8).map((f) => f.events);
const fast = { baseMs: 1, maxMs: 5 };

/** A sink that fails its first `failures` calls, or every call for the batches whose first event matches. */
function flakySink(options: { failures?: number; failWhen?: (items: readonly TrailEvent[]) => boolean }) {
  const sink = {
    name: 'flaky',
    calls: 0,
    items: [] as TrailEvent[],
    async write(items: readonly TrailEvent[]) {
      sink.calls++;
      if (sink.calls <= (options.failures ?? 0)) throw new Error(`boom ${sink.calls}`);
      if (options.failWhen?.(items)) throw new Error('permanent failure');
      sink.items.push(...items);
    },
  };
  return sink;
}

async function failure(promise: Promise<unknown>): Promise<TrailkitError> {
  try {
    await promise;
  } catch (error) {
    expect(TrailkitError.isInstance(error)).toBe(true);
    return error as TrailkitError;
  }
  throw new Error('expected the run to fail');
}

describe('sink retries', () => {
  it('retries with backoff, then succeeds', async () => {
    const sink = flakySink({ failures: 3 });
    const summary = await pipeline()
      .from(arraySource(batches.slice(0, 2)))
      .to(sink)
      .run({ retry: { attempts: 4, ...fast }, concurrency: 1 });
    expect(sink.items).toEqual([...(batches[0] ?? []), ...(batches[1] ?? [])]);
    expect(sink.calls).toBe(5);
    expect(summary.sinks[0]).toMatchObject({ written: sink.items.length, writes: 2, retried: 3, failed: 0 });
  });

  it('retries exhausted: fails with SinkError after saving the last good position', async () => {
    const bad = batches[5]?.[0]?.eventID;
    const sink = flakySink({ failWhen: (items) => items[0]?.eventID === bad });
    const store = memoryCheckpoint();
    const closed: string[] = [];
    const other = collectSink<TrailEvent>('other');
    const error = await failure(
      pipeline()
        .from(arraySource(batches))
        .to(sink, other)
        .to({ name: 'last', write: async () => {}, close: async () => void closed.push('last') })
        .run({ retry: { attempts: 3, ...fast }, checkpoint: store, concurrency: 2 }),
    );
    expect(SinkError.isInstance(error)).toBe(true);
    expect((error as SinkError).sink).toBe('flaky');
    expect((error as SinkError).attempts).toBe(3);
    expect(error.message).toMatch(/permanent failure/);
    // Batches 0..4 were written everywhere; batch 5 never was: the checkpoint stays at 4.
    expect(store.snapshot()).toEqual({ array: 4 });
    const summary = getRunSummary(error);
    expect(summary?.position).toBe(4);
    expect(summary?.sinks[0]).toMatchObject({ failed: batches[5]?.length, retried: 2 });
    expect(summary?.aborted).toBe(false);
    expect(closed).toEqual(['last']);
    expect(other.closed).toBe(true);
  });

  it('retries exhausted: items go to the dead letter and the run goes on', async () => {
    const bad = batches[2]?.[0]?.eventID;
    const sink = flakySink({ failWhen: (items) => items[0]?.eventID === bad });
    const dead = collectSink<DeadLetter>('dead');
    const store = memoryCheckpoint();
    const summary = await pipeline()
      .from(arraySource(batches))
      .to(sink)
      .run({ retry: { attempts: 2, ...fast }, deadLetter: dead, checkpoint: store });
    expect(dead.items.length).toBe(batches[2]?.length);
    expect(dead.items[0]).toEqual({
      kind: 'dead-letter',
      sink: 'flaky',
      error: 'permanent failure',
      attempts: 2,
      item: batches[2]?.[0],
    });
    expect(summary.sinks[0]).toMatchObject({ failed: batches[2]?.length, deadLettered: batches[2]?.length });
    expect(summary.deadLetter).toMatchObject({ name: 'dead', written: batches[2]?.length, writes: 1 });
    expect(store.snapshot()).toEqual({ array: 7 });
    expect(dead.closed).toBe(true);
  });

  it('a failing dead letter fails the run', async () => {
    const sink = flakySink({ failWhen: () => true });
    const error = await failure(
      pipeline()
        .from(arraySource(batches))
        .to(sink)
        .run({
          retry: { attempts: 2, ...fast },
          deadLetter: { name: 'dlq', write: async () => Promise.reject(new Error('disk full')) },
        }),
    );
    expect(SinkError.isInstance(error) && error.sink).toBe('dlq');
    expect(getRunSummary(error)?.deadLetter?.failed).toBeGreaterThan(0);
  });

  it('a failing flush fails the run', async () => {
    const error = await failure(
      pipeline()
        .from(arraySource(batches.slice(0, 1)))
        .to({ name: 'buffered', write: async () => {}, flush: async () => Promise.reject(new Error('lost')) })
        .run(),
    );
    expect(SinkError.isInstance(error) && error.sink).toBe('buffered');
  });
});

describe('abort', () => {
  it('stops mid-run, flushes and closes sinks, resolves with aborted: true', async () => {
    const controller = new AbortController();
    const sink = collectSink<TrailEvent>();
    const store = memoryCheckpoint();
    let calls = 0;
    const summary = await pipeline()
      .from(arraySource(files.map((f) => f.events)))
      .to({
        name: 'slow',
        async write(_items, ctx) {
          calls++;
          if (calls === 5) controller.abort();
          await new Promise((r) => setTimeout(r, 1));
          if (ctx.signal.aborted) throw new Error('aborted');
        },
      })
      .to(sink)
      .run({ signal: controller.signal, checkpoint: store, concurrency: 1 });
    expect(summary.aborted).toBe(true);
    expect(summary.batches).toBeLessThan(files.length);
    expect(summary.committedBatches).toBe(4);
    expect(store.snapshot()).toEqual({ array: 3 });
    expect(sink.flushed && sink.closed).toBe(true);
  });

  it('an already aborted signal reads nothing', async () => {
    const source = arraySource(batches);
    const summary = await pipeline().from(source).to(collectSink()).run({ signal: AbortSignal.abort() });
    expect(summary.aborted).toBe(true);
    expect(source.pulled).toBe(0);
  });

  it('a source that ignores the signal does not keep run() waiting', async () => {
    const controller = new AbortController();
    const stuck: Source = {
      name: 'stuck',
      async *read(): AsyncIterable<SourceBatch> {
        yield { events: batches[0] ?? [], position: 0 };
        await new Promise(() => {});
      },
    };
    const sink = collectSink<TrailEvent>();
    const run = pipeline().from(stuck).to(sink).run({ signal: controller.signal });
    await until(() => sink.items.length > 0);
    controller.abort();
    const summary = await run;
    expect(summary.aborted).toBe(true);
    expect(summary.position).toBe(0);
  });
});

describe('bad input policies (ReadContext.onInvalid)', () => {
  const badSource = (): Source => ({
    name: 'bad',
    async *read(ctx: ReadContext): AsyncIterable<SourceBatch> {
      yield { events: batches[0] ?? [], position: 0 };
      ctx.onInvalid(
        new ParseError('PARSE_TRUNCATED_JSON', 'input ends inside a record', {
          input: 'x.json',
          offset: 10,
          recordIndex: 3,
        }),
      );
      yield { events: batches[1] ?? [], position: 1 };
    },
  });

  it('skip: counts and goes on', async () => {
    const sink = collectSink<TrailEvent>();
    const summary = await pipeline().from(badSource()).to(sink).run({ onInvalid: 'skip' });
    expect(summary.events.invalid).toBe(1);
    expect(summary.invalidByCode).toEqual({ PARSE_TRUNCATED_JSON: 1 });
    expect(sink.items.length).toBe((batches[0]?.length ?? 0) + (batches[1]?.length ?? 0));
  });

  it('fail (the default): rejects with the ParseError, position of the good batch saved', async () => {
    const store = memoryCheckpoint();
    const error = await failure(pipeline().from(badSource()).to(collectSink()).run({ checkpoint: store }));
    expect(ParseError.isInstance(error)).toBe(true);
    expect(error.message).toBe('x.json: input ends inside a record (byte 10, record 3)');
    expect(store.snapshot()).toEqual({ bad: 0 });
    expect(getRunSummary(error)?.events.invalid).toBe(1);
  });
});

describe('other failures', () => {
  it('a source error is wrapped in SourceError', async () => {
    const error = await failure(
      pipeline()
        .from(arraySource(batches, { failAt: 2 }))
        .to(collectSink())
        .run(),
    );
    expect(SourceError.isInstance(error)).toBe(true);
    expect(error.code).toBe('SOURCE_FAILED');
    expect(error.message).toMatch(/source array: source broke at batch 2/);
    expect(getRunSummary(error)?.position).toBe(1);
  });

  it('a detector that throws fails the run with PIPELINE_STAGE_FAILED', async () => {
    const error = await failure(
      pipeline()
        .from(arraySource(batches))
        .detect({
          id: 'broken',
          process: () => {
            throw new Error('bug');
          },
        })
        .to(collectSink())
        .run(),
    );
    expect(error.code).toBe('PIPELINE_STAGE_FAILED');
  });

  it('a checkpoint store that cannot save fails the run with its error', async () => {
    const store: CheckpointStore = {
      load: async () => undefined,
      save: async () => {
        throw new CheckpointError('read-only');
      },
    };
    const error = await failure(
      pipeline().from(arraySource(batches)).to(collectSink()).run({ checkpoint: store }),
    );
    expect(CheckpointError.isInstance(error)).toBe(true);
  });

  it('an ack that keeps failing fails the run with SOURCE_ACK_FAILED', async () => {
    const source: Source = {
      name: 'acks',
      async *read() {
        yield {
          events: batches[0] ?? [],
          position: 0,
          ack: () => Promise.reject(new Error('queue gone')),
        };
      },
    };
    const error = await failure(
      pipeline()
        .from(source)
        .to(collectSink())
        .run({ retry: { attempts: 2, ...fast } }),
    );
    expect(error.code).toBe('SOURCE_ACK_FAILED');
  });

  it('a batch without events is rejected as SOURCE_BAD_BATCH', async () => {
    const source = {
      name: 'odd',
      async *read() {
        yield { position: 0 } as unknown as SourceBatch;
      },
    };
    const error = await failure(pipeline().from(source).to(collectSink()).run());
    expect(error.code).toBe('SOURCE_BAD_BATCH');
  });
});

describe('sinks see the run signal', () => {
  it('write receives an AbortSignal that aborts with the run', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const sink: Sink<TrailEvent> = {
      name: 's',
      write(_items, ctx) {
        seen = ctx.signal;
        return new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(new Error('stop'))),
        );
      },
    };
    const run = pipeline().from(arraySource(batches)).to(sink).run({ signal: controller.signal });
    await until(() => seen !== undefined);
    expect(seen?.aborted).toBe(false);
    controller.abort();
    await run;
    expect(seen?.aborted).toBe(true);
  });
});
