import { describe, expect, it } from 'vitest';
import { ENVELOPE_OVERHEAD, requestBody, splitIntoRequests } from './batching';

const items = Array.from({ length: 10 }, (_, i) => ({ eventID: `id-${i}`, pad: 'x'.repeat(100) }));

describe('splitIntoRequests', () => {
  it('cuts by batchSize, keeping order', () => {
    const batches = splitIntoRequests(items, 4, 1_000_000);
    expect(batches.map((b) => b.count)).toEqual([4, 4, 2]);
    expect(batches.flatMap((b) => JSON.parse(b.itemsJson))).toEqual(items);
    expect(batches.flatMap((b) => b.items)).toEqual(items);
  });
  it('cuts by maxBytes so every body stays within it', () => {
    const maxBytes = 600;
    const batches = splitIntoRequests(items, 100, maxBytes);
    expect(batches.length).toBeGreaterThan(2);
    for (const b of batches) {
      expect(Buffer.byteLength(requestBody(b, new Date()))).toBeLessThanOrEqual(maxBytes);
    }
    expect(batches.flatMap((b) => b.items)).toEqual(items);
  });
  it('sends an item larger than maxBytes alone', () => {
    const big = { pad: 'y'.repeat(5000) };
    const batches = splitIntoRequests([items[0], big, items[1]], 100, ENVELOPE_OVERHEAD + 1000);
    expect(batches.map((b) => b.count)).toEqual([1, 1, 1]);
    expect(batches[1]?.items[0]).toBe(big);
  });
  it('gives the same batchId for the same items and a different one otherwise', () => {
    const [a] = splitIntoRequests(items, 100, 1e6);
    const [b] = splitIntoRequests(structuredClone(items), 100, 1e6);
    const [c] = splitIntoRequests(items.slice(1), 100, 1e6);
    expect(a?.batchId).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.batchId).toBe(b?.batchId);
    expect(a?.batchId).not.toBe(c?.batchId);
  });
});

describe('requestBody', () => {
  it('is valid JSON with batchId, sentAt, count and items', () => {
    const [batch] = splitIntoRequests(items.slice(0, 2), 100, 1e6);
    const body = JSON.parse(requestBody(batch!, new Date('2026-01-02T03:04:05Z')));
    expect(body).toEqual({
      batchId: batch!.batchId,
      sentAt: '2026-01-02T03:04:05.000Z',
      count: 2,
      items: items.slice(0, 2),
    });
  });
});
