import { describe, expect, it } from 'vitest';
import type { Sink } from '../../src/contracts';
import type { TrailEvent } from '../../src/event/trail-event';
import { memoryCheckpoint } from '../../src/checkpoint/memory-checkpoint';
import { pipeline } from '../../src/pipeline/pipeline';
import { arraySource, deferred, invictusFiles, until } from './helpers';

const files = invictusFiles();

/** A sink whose writes resolve only when the test says so. */
function gatedSink() {
  const writes: Array<{ first: string | undefined; gate: ReturnType<typeof deferred<void>> }> = [];
  const sink: Sink<TrailEvent> & { writes: typeof writes } = {
    name: 'gated',
    writes,
    write(items) {
      const gate = deferred<void>();
      writes.push({ first: items[0]?.eventID, gate });
      return gate.promise;
    },
  };
  return sink;
}

describe('at-least-once commits', () => {
  it('commits positions in order when sinks resolve out of order (watermark)', async () => {
    const batches = files.slice(0, 6).map((f) => f.events);
    const sink = gatedSink();
    const store = memoryCheckpoint();
    const acks: number[] = [];
    const progress: unknown[] = [];
    const run = pipeline()
      .from(arraySource(batches, { acks }))
      .to(sink)
      .run({ concurrency: 4, checkpoint: store, onProgress: (s) => progress.push(s.position) });
    await until(() => sink.writes.length === 4);
    // Batches 1..3 finish first: batch 0 is still being written, nothing may be committed.
    for (const i of [3, 1, 2]) sink.writes[i]?.gate.resolve();
    await new Promise((r) => setTimeout(r, 20));
    expect(store.history).toEqual([]);
    expect(acks).toEqual([]);
    // Batch 0 finishes: 0..3 commit at once, the saved position jumps to 3, acks in order.
    sink.writes[0]?.gate.resolve();
    await until(() => store.history.length === 1);
    expect(store.history[0]).toEqual({ key: 'array', position: 3 });
    expect(acks).toEqual([0, 1, 2, 3]);
    await until(() => sink.writes.length === 6);
    sink.writes[5]?.gate.resolve();
    await new Promise((r) => setTimeout(r, 20));
    expect(store.history.length).toBe(1);
    sink.writes[4]?.gate.resolve();
    const summary = await run;
    expect(store.history.map((h) => h.position)).toEqual([3, 5]);
    expect(acks).toEqual([0, 1, 2, 3, 4, 5]);
    expect(progress).toEqual([3, 5]);
    expect(summary.position).toBe(5);
    expect(summary.committedBatches).toBe(6);
  });

  it('resumes after the saved position', async () => {
    const batches = files.slice(0, 5).map((f) => f.events);
    const store = memoryCheckpoint({ array: 2 });
    const got: TrailEvent[] = [];
    const summary = await pipeline()
      .from(arraySource(batches))
      .to({ name: 'c', write: async (items) => void got.push(...items) })
      .run({ checkpoint: store });
    expect(got).toEqual([...(batches[3] ?? []), ...(batches[4] ?? [])]);
    expect(summary.position).toBe(4);
    expect(store.snapshot()).toEqual({ array: 4 });
  });

  it('uses checkpointKey instead of the source name', async () => {
    const store = memoryCheckpoint();
    await pipeline()
      .from(arraySource([files[0]?.events ?? []]))
      .to({ name: 'n', write: async () => {} })
      .run({ checkpoint: store, checkpointKey: 'job-1' });
    expect(store.snapshot()).toEqual({ 'job-1': 0 });
  });
});

describe('abort', () => {
  it('waits for a write that ignores the signal before closing the sink, and commits it', async () => {
    const source = arraySource(files.map((f) => f.events));
    const gate = deferred<void>();
    const log: string[] = [];
    const stubborn: Sink<TrailEvent> = {
      name: 'stubborn',
      async write(items) {
        log.push(`write ${items.length}`);
        await gate.promise; // ignores ctx.signal
        log.push('write done');
      },
      async close() {
        log.push('close');
      },
    };
    const controller = new AbortController();
    const store = memoryCheckpoint();
    const run = pipeline()
      .from(source)
      .to(stubborn)
      .run({ concurrency: 1, signal: controller.signal, checkpoint: store });
    await until(() => log.length === 1);
    controller.abort();
    await new Promise((r) => setTimeout(r, 50));
    expect(log).toEqual([`write ${files[0]!.events.length}`]);
    gate.resolve();
    const summary = await run;
    expect(log).toEqual([`write ${files[0]!.events.length}`, 'write done', 'close']);
    expect(summary.aborted).toBe(true);
    expect(summary.committedBatches).toBe(1);
    expect(store.history).toHaveLength(1);
  });

  it('says not aborted when the source had already ended', async () => {
    const controller = new AbortController();
    const sink: Sink<TrailEvent> = {
      name: 'late',
      async write() {},
      async close() {
        controller.abort();
      },
    };
    const summary = await pipeline()
      .from(arraySource([files[0]!.events]))
      .to(sink)
      .run({ signal: controller.signal });
    expect(summary.aborted).toBe(false);
    expect(summary.events.read).toBe(files[0]!.events.length);
  });
});

describe('backpressure', () => {
  it('a sink that never resolves stops reading after `concurrency` batches', async () => {
    const batches = files.map((f) => f.events);
    const source = arraySource(batches);
    let writes = 0;
    const never: Sink<TrailEvent> = {
      name: 'never',
      write() {
        writes++;
        return new Promise(() => {});
      },
    };
    const controller = new AbortController();
    const store = memoryCheckpoint();
    const run = pipeline()
      .from(source)
      .to(never)
      .run({ concurrency: 3, signal: controller.signal, checkpoint: store, abortGraceMs: 100 });
    await until(() => writes === 3);
    await new Promise((r) => setTimeout(r, 50));
    expect(source.pulled).toBe(3);
    expect(writes).toBe(3);
    controller.abort();
    const summary = await run;
    expect(summary.aborted).toBe(true);
    expect(summary.batches).toBe(3);
    expect(summary.committedBatches).toBe(0);
    expect(store.history).toEqual([]);
    expect(source.pulled).toBe(3);
  });

  it('written but uncommitted batches keep their slots: a stuck head batch stops reading', async () => {
    const source = arraySource(files.map((f) => f.events));
    const head = deferred<void>();
    let calls = 0;
    const run = pipeline()
      .from(source)
      .to({
        name: 'head-stuck',
        write() {
          calls++;
          return calls === 1 ? head.promise : Promise.resolve();
        },
      })
      .run({ concurrency: 3 });
    await until(() => calls === 3);
    await new Promise((r) => setTimeout(r, 30));
    // Batches 1 and 2 are written, but cannot commit before batch 0: nothing more is read.
    expect(source.pulled).toBe(3);
    head.resolve();
    const summary = await run;
    expect(summary.committedBatches).toBe(files.length);
  });

  it('with concurrency 1 the source is never ahead of the sink by more than one batch', async () => {
    const batches = files.slice(0, 10).map((f) => f.events);
    const source = arraySource(batches);
    const lead: number[] = [];
    let written = 0;
    await pipeline()
      .from(source)
      .to({
        name: 'slow',
        async write() {
          lead.push(source.pulled - written);
          await new Promise((r) => setTimeout(r, 2));
          written++;
        },
      })
      .run({ concurrency: 1 });
    expect(lead).toEqual(Array(10).fill(1));
  });
});

describe('dedupe', () => {
  it('drops events seen again (by eventID) and counts them', async () => {
    const a = files[0]?.events ?? [];
    const b = files[1]?.events ?? [];
    const got: TrailEvent[] = [];
    const summary = await pipeline()
      .from(arraySource([a, b, a, [...b.slice(0, 3), ...a.slice(0, 2)]]))
      .to({ name: 'c', write: async (items) => void got.push(...items) })
      .run({ dedupe: true });
    expect(got.map((e) => e.eventID)).toEqual([...a, ...b].map((e) => e.eventID));
    expect(summary.events.duplicates).toBe(a.length + 5);
    expect(summary.events.passed).toBe(a.length + b.length);
  });

  it('remembers only the last N ids', async () => {
    const a = (files[0]?.events ?? []).slice(0, 10);
    const b = (files[1]?.events ?? []).slice(0, 10);
    const got: TrailEvent[] = [];
    const summary = await pipeline()
      .from(arraySource([a, b, a]))
      .to({ name: 'c', write: async (items) => void got.push(...items) })
      .run({ dedupe: 10 });
    // After b, a's ids are forgotten: a is delivered again.
    expect(got.length).toBe(30);
    expect(summary.events.duplicates).toBe(0);
  });
});
