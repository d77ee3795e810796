import { defineSink } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { keepOpen } from './keep-open';

describe('keepOpen', () => {
  it('flushes instead of closing, so the sink serves the next run', async () => {
    const calls: string[] = [];
    const sink = defineSink<unknown>({
      name: 's',
      write: async (items) => void calls.push(`write ${items.length}`),
      flush: async () => void calls.push('flush'),
      close: async () => void calls.push('close'),
    });
    const reused = keepOpen(sink);
    await reused.write([1], { signal: new AbortController().signal });
    await reused.close?.();
    await reused.write([1, 2], { signal: new AbortController().signal });
    expect(calls).toEqual(['write 1', 'flush', 'write 2']);
    await expect(
      sink.close?.().then(() => sink.write([1], { signal: new AbortController().signal })),
    ).rejects.toThrow(/write after close/);
  });
});
