import type { ReadContext, TrailEvent } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { invocationSource } from './invocation-source';
import { ItemLedger } from './ledger';
import type { WorkItem } from './work-item';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const ctx = (): ReadContext => ({
  signal: new AbortController().signal,
  log: quiet,
  onInvalid() {},
  batchSize: 10,
});

function item(id: string, started: string[], batches = 2): WorkItem {
  return {
    id,
    objects: 1,
    async *read() {
      started.push(id);
      for (let b = 0; b < batches; b++) yield [{ eventID: `${id}-${b}` } as TrailEvent];
    },
  };
}

describe('invocationSource', () => {
  it('reads the next items ahead, yields items in order, and only the last batch of an item acks it', async () => {
    const started: string[] = [];
    const items = ['a', 'b', 'c', 'd'].map((id) => item(id, started));
    const ledger = new ItemLedger(items.map((i) => i.id));
    const seen: string[] = [];
    for await (const batch of invocationSource('t', items, ledger, 2).read(ctx())) {
      if (seen.length === 0) expect(started).toEqual(['a', 'b', 'c']); // a is read, b and c ahead
      seen.push(`${batch.events.map((e) => e.eventID).join()}${batch.ack ? ' ack' : ''}`);
      await batch.ack?.();
    }
    expect(seen).toEqual(['a-0', 'a-1 ack', 'b-0', 'b-1 ack', 'c-0', 'c-1 ack', 'd-0', 'd-1 ack']);
    expect(ledger.succeeded).toEqual(['a', 'b', 'c', 'd']);
  });

  it('without read-ahead an item starts only when reached; a failing item is reported and the next is read', async () => {
    const started: string[] = [];
    const broken: WorkItem = {
      id: 'x',
      objects: 1,
      // biome-ignore lint/correctness/useYield: fails at once
      async *read() {
        started.push('x');
        throw new Error('NoSuchKey');
      },
    };
    const items = [item('a', started), broken, item('b', started)];
    const ledger = new ItemLedger(items.map((i) => i.id));
    for await (const batch of invocationSource('t', items, ledger, 0).read(ctx())) {
      if (batch.events[0]?.eventID === 'a-0') expect(started).toEqual(['a']);
      await batch.ack?.();
    }
    expect(ledger.succeeded).toEqual(['a', 'b']);
    expect(ledger.failures).toEqual([{ id: 'x', reason: 'NoSuchKey' }]);
  });
});
