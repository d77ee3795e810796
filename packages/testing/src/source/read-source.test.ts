import { ParseError, type Position, type ReadContext, type Source, type SourceBatch } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { readSource, testReadContext } from './read-source';

/** A source of `count` one-event batches after `ctx.from`, reporting a bad record at batch `badAt`. */
function countingSource(count: number, badAt?: number): Source & { contexts: ReadContext[] } {
  const contexts: ReadContext[] = [];
  return {
    name: 'counting',
    contexts,
    async *read(ctx): AsyncIterable<SourceBatch> {
      contexts.push(ctx);
      const start = typeof ctx.from === 'number' ? ctx.from + 1 : 0;
      for (let i = start; i < count; i++) {
        if (ctx.signal.aborted) return;
        if (i === badAt)
          ctx.onInvalid(
            new ParseError('PARSE_INVALID_JSON', `bad record ${i}`, {
              input: 'mem',
              offset: 0,
              recordIndex: 0,
            }),
          );
        yield { events: [{ eventID: `e${i}` }], position: i as Position };
      }
    },
  };
}

describe('readSource', () => {
  it('reads to the end and returns batches, events, reported errors and the last position', async () => {
    const result = await readSource(countingSource(5, 2));
    expect(result.batches).toHaveLength(5);
    expect(result.events.map((e) => e.eventID)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(result.last).toBe(4);
    expect(result.invalid).toHaveLength(1);
    expect(result.invalid[0]?.message).toMatch(/bad record 2/);
  });

  it('stops after maxBatches and resumes after `from`', async () => {
    const first = await readSource(countingSource(5), { maxBatches: 2 });
    expect(first.events.map((e) => e.eventID)).toEqual(['e0', 'e1']);
    const rest = await readSource(countingSource(5), { from: first.last });
    expect(rest.events.map((e) => e.eventID)).toEqual(['e2', 'e3', 'e4']);
    const none = await readSource(countingSource(5), { from: rest.last });
    expect(none).toEqual({ batches: [], events: [], invalid: [], last: undefined });
  });

  it("throws reported bad input under onInvalid 'fail', and passes signal and batchSize", async () => {
    await expect(readSource(countingSource(5, 1), { onInvalid: 'fail' })).rejects.toThrow(/bad record 1/);
    const controller = new AbortController();
    controller.abort();
    const source = countingSource(5);
    expect((await readSource(source, { signal: controller.signal, batchSize: 7 })).batches).toEqual([]);
    expect(source.contexts[0]?.signal.aborted).toBe(true);
    expect(source.contexts[0]?.batchSize).toBe(7);
  });
});

describe('testReadContext', () => {
  it('is quiet, never aborted by default, and collects reported errors', () => {
    const { ctx, invalid } = testReadContext();
    expect(ctx.signal.aborted).toBe(false);
    expect('from' in ctx).toBe(false);
    ctx.log.warn('not printed');
    const error = new ParseError('PARSE_INVALID_JSON', 'x', { input: 'mem', offset: 0, recordIndex: 0 });
    ctx.onInvalid(error);
    expect(invalid).toEqual([error]);
  });
});
