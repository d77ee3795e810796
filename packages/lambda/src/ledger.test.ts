import { describe, expect, it } from 'vitest';
import { ItemLedger } from './ledger';

describe('ItemLedger', () => {
  it('an item is a failure unless marked done; the first reason is kept', () => {
    const ledger = new ItemLedger(['a', 'b', 'c', 'd']);
    ledger.done('b');
    ledger.fail('c', 'NoSuchKey');
    ledger.fail('c', 'later');
    expect(ledger.succeeded).toEqual(['b']);
    expect(ledger.failures).toEqual([
      { id: 'a', reason: 'unfinished' },
      { id: 'c', reason: 'NoSuchKey' },
      { id: 'd', reason: 'unfinished' },
    ]);
  });
});
