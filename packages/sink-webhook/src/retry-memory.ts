import { type RequestBatch, requestBody, splitIntoRequests } from './batching';

/** A request ready to send: its batch, its body (fixed at the first attempt) and how often it was sent. */
export interface PlannedRequest {
  batch: RequestBatch;
  body: string;
  /** Attempts before this one. */
  sent: number;
}

/**
 * Remembers the requests that failed, so that when the pipeline hands their items back (it retries only
 * what was not delivered) they are sent again as the same requests: same items, same body bytes, same
 * idempotency key, even when cutting the retried items afresh would group them differently. Keyed by the
 * items themselves (a `WeakMap`): memory goes away with the items.
 */
export class RetryMemory {
  readonly #byFirstItem = new WeakMap<object, PlannedRequest>();

  /** Cut `items` into requests, reusing remembered failed requests whose items come again, in order. */
  plan(items: readonly unknown[], batchSize: number, maxBytes: number): PlannedRequest[] {
    const out: PlannedRequest[] = [];
    let fresh: unknown[] = [];
    const cutFresh = () => {
      for (const batch of splitIntoRequests(fresh, batchSize, maxBytes))
        out.push({ batch, body: requestBody(batch, new Date()), sent: 0 });
      fresh = [];
    };
    for (let i = 0; i < items.length; ) {
      const known = this.#match(items, i);
      if (known) {
        cutFresh();
        out.push(known);
        i += known.batch.count;
      } else {
        fresh.push(items[i]);
        i++;
      }
    }
    cutFresh();
    return out;
  }

  /** Remember a request that failed (one more attempt made). */
  failed(request: PlannedRequest): void {
    const first = request.batch.items[0];
    if (isObject(first)) this.#byFirstItem.set(first, { ...request, sent: request.sent + 1 });
  }

  /** Forget a request that was delivered. */
  delivered(request: PlannedRequest): void {
    const first = request.batch.items[0];
    if (isObject(first)) this.#byFirstItem.delete(first);
  }

  #match(items: readonly unknown[], at: number): PlannedRequest | undefined {
    const first = items[at];
    if (!isObject(first)) return undefined;
    const known = this.#byFirstItem.get(first);
    if (!known || at + known.batch.count > items.length) return undefined;
    for (let k = 0; k < known.batch.count; k++) if (items[at + k] !== known.batch.items[k]) return undefined;
    return known;
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
