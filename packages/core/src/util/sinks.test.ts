import { describe, expect, it } from 'vitest';
import { ConfigError, SinkError } from '../errors';
import { batchSink } from './batch-sink';
import { defineSink } from './define-sink';

const ctx = { signal: new AbortController().signal };

describe('defineSink', () => {
  it('skips empty writes, closes once after flushing, rejects writes after close', async () => {
    const log: string[] = [];
    const sink = defineSink<number>({
      name: 'd',
      write: async (items) => void log.push(`write ${items.join(',')}`),
      flush: async () => void log.push('flush'),
      close: async () => void log.push('close'),
    });
    await sink.write([], ctx);
    await sink.write([1, 2], ctx);
    await Promise.all([sink.close?.(), sink.close?.()]);
    expect(log).toEqual(['write 1,2', 'flush', 'close']);
    await expect(sink.write([3], ctx)).rejects.toSatisfy(SinkError.isInstance);
    expect(() => defineSink({ name: '', write: async () => {} })).toThrow(ConfigError);
  });

  it('close waits for writes in progress', async () => {
    const log: string[] = [];
    const sink = defineSink<number>({
      name: 'slow',
      write: async () => {
        await new Promise((r) => setTimeout(r, 20));
        log.push('written');
      },
      close: async () => void log.push('closed'),
    });
    const w = sink.write([1], ctx);
    await sink.close?.();
    await w;
    expect(log).toEqual(['written', 'closed']);
  });
});

describe('batchSink', () => {
  it('gathers writes into batches of maxItems; each write resolves when its batch was sent', async () => {
    const sent: number[][] = [];
    const sink = batchSink<number>({
      name: 'b',
      maxItems: 5,
      maxWaitMs: 60_000,
      send: async (items) => void sent.push(items),
    });
    let firstDone = false;
    const first = sink.write([1, 2, 3], ctx).then(() => {
      firstDone = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(firstDone).toBe(false);
    expect(sent).toEqual([]);
    await Promise.all([first, sink.write([4, 5, 6], ctx)]);
    expect(sent).toEqual([[1, 2, 3, 4, 5, 6]]);
    const last = sink.write([7], ctx);
    await sink.close?.();
    await last;
    expect(sent).toEqual([[1, 2, 3, 4, 5, 6], [7]]);
  });

  it('sends after maxWaitMs', async () => {
    const sent: number[][] = [];
    const sink = batchSink<number>({
      name: 'b',
      maxItems: 100,
      maxWaitMs: 5,
      send: async (items) => void sent.push(items),
    });
    await sink.write([1], ctx);
    expect(sent).toEqual([[1]]);
  });

  it('a failed send rejects every write of that batch', async () => {
    const sink = batchSink<number>({
      name: 'b',
      maxItems: 2,
      send: async () => {
        throw new Error('503');
      },
    });
    const results = await Promise.allSettled([sink.write([1], ctx), sink.write([2], ctx)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(() => batchSink({ name: 'x', maxItems: 0, send: async () => {} })).toThrow(ConfigError);
  });
});
