import { createHash } from 'node:crypto';

/** One request's worth of items, already serialized. */
export interface RequestBatch {
  /** Stable idempotency key: a hash of the serialized items (same items, same key). */
  batchId: string;
  /** Number of items. */
  count: number;
  /** The items as a JSON array text. */
  itemsJson: string;
  /** The original items (handed to the dead-letter sink when the request fails). */
  items: unknown[];
}

/** Bytes the envelope adds around the items array (`{"batchId":"…","sentAt":"…","count":…,"items":}`). */
export const ENVELOPE_OVERHEAD = 128;

/**
 * Serialize items and cut them into request batches of at most `batchSize` items and about `maxBytes`
 * bytes of body. An item bigger than `maxBytes` on its own goes alone in its own request.
 */
export function splitIntoRequests(
  items: readonly unknown[],
  batchSize: number,
  maxBytes: number,
): RequestBatch[] {
  const out: RequestBatch[] = [];
  let current: string[] = [];
  let currentItems: unknown[] = [];
  let bytes = ENVELOPE_OVERHEAD;
  const cut = () => {
    if (current.length === 0) return;
    out.push(makeBatch(current, currentItems));
    current = [];
    currentItems = [];
    bytes = ENVELOPE_OVERHEAD;
  };
  for (const item of items) {
    const json = JSON.stringify(item) ?? 'null';
    const size = Buffer.byteLength(json) + 1; // + separating comma
    if (current.length > 0 && (current.length >= batchSize || bytes + size > maxBytes)) cut();
    current.push(json);
    currentItems.push(item);
    bytes += size;
  }
  cut();
  return out;
}

function makeBatch(jsons: string[], items: unknown[]): RequestBatch {
  const itemsJson = `[${jsons.join(',')}]`;
  const batchId = createHash('sha256').update(itemsJson).digest('hex').slice(0, 32);
  return { batchId, count: jsons.length, itemsJson, items };
}

/** The request body for a batch. Documented in the README: `{ batchId, sentAt, count, items }`. */
export function requestBody(batch: RequestBatch, sentAt: Date): string {
  return `{"batchId":"${batch.batchId}","sentAt":"${sentAt.toISOString()}","count":${batch.count},"items":${batch.itemsJson}}`;
}
