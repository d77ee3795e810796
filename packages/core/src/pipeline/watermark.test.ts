import { describe, expect, it } from 'vitest';
import { Watermark } from './watermark';

describe('Watermark', () => {
  it('releases batches only as a contiguous prefix, in order', () => {
    const w = new Watermark<string>();
    const seqs = ['a', 'b', 'c', 'd'].map((x) => w.open(x));
    expect(seqs).toEqual([0, 1, 2, 3]);
    expect(w.done(2)).toEqual([]);
    expect(w.done(1)).toEqual([]);
    expect(w.committed).toBe(-1);
    expect(w.done(0)).toEqual(['a', 'b', 'c']);
    expect(w.committed).toBe(2);
    expect(w.inFlight).toBe(1);
    expect(w.done(3)).toEqual(['d']);
    expect(() => w.done(3)).toThrow(/unknown or already committed/);
  });
});
