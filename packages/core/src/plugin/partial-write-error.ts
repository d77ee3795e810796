import { TrailkitError } from '../errors';
import { isRetryableError } from '../util/retry';
import { hasErrorKind } from './error-kind';

/** Items of one write that were not delivered, and why. */
export interface UndeliveredItems<T = unknown> {
  /** The items, as they were handed to `write` (the same objects). */
  items: readonly T[];
  /** Why: a classified error (`isRetryable`, `retryAfterMs`), e.g. an `HttpCallError`. */
  error: unknown;
}

/**
 * Thrown by a sink's `write` that delivered some items and not others (e.g. one HTTP request of several
 * failed). The pipeline then counts the delivered items as written, sends the items of non-retryable
 * failures (`isRetryable === false`) to the dead letter at once, and retries only the rest: the next
 * `write` receives exactly the undelivered, retryable items. A sink that delivered nothing may throw this
 * too, or just its error.
 *
 * `isRetryable` is true when any failure is retryable; `retryAfterMs` is the longest `Retry-After` among
 * them, so core's `retry` waits long enough for every server.
 *
 * @example
 * ```ts
 * if (failures.length > 0) throw new PartialWriteError(this.name, failures, items.length);
 * ```
 */
export class PartialWriteError<T = unknown> extends TrailkitError {
  static override readonly kind: string = 'PartialWriteError';
  /** The sink's name. */
  readonly sink: string;
  /** What was not delivered, grouped by error. */
  readonly failures: readonly UndeliveredItems<T>[];
  /** Items of the write that were delivered. */
  readonly delivered: number;
  /** True when at least one failure is worth retrying. */
  readonly isRetryable: boolean;
  /** The longest `retryAfterMs` among the retryable failures. */
  readonly retryAfterMs: number | undefined;

  constructor(
    sink: string,
    failures: readonly UndeliveredItems<T>[],
    total: number,
    options?: { code?: string; message?: string },
  ) {
    const undelivered = failures.reduce((n, f) => n + f.items.length, 0);
    const first = failures[0]?.error;
    const why = first instanceof Error ? first.message : String(first ?? 'unknown');
    super(
      options?.code ?? 'SINK_PARTIAL_WRITE',
      options?.message ?? `sink ${sink}: ${undelivered} of ${total} item(s) not delivered; first: ${why}`,
      { cause: first },
    );
    this.name = 'PartialWriteError';
    this.sink = sink;
    this.failures = failures;
    this.delivered = total - undelivered;
    const retryable = failures.filter((f) => isRetryableError(f.error));
    this.isRetryable = retryable.length > 0;
    let wait: number | undefined;
    for (const f of retryable) {
      const ms = (f.error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
      if (typeof ms === 'number' && ms >= 0) wait = Math.max(wait ?? 0, ms);
    }
    this.retryAfterMs = wait;
  }

  /** Every undelivered item, in order of the failures. */
  get undelivered(): T[] {
    return this.failures.flatMap((f) => [...f.items]);
  }

  /**
   * Split the failures for the pipeline: the items worth retrying (`retry`; `failures` are the same grouped
   * by error), and the failures that are not (`isRetryable === false`), which go to the dead letter. `undefined` when the error does not fit a
   * write of `written` items (it names more items than that, or `delivered` is off): then treat every item
   * as undelivered.
   */
  partition(
    written: number,
  ): { retry: T[]; failures: UndeliveredItems<T>[]; refused: UndeliveredItems<T>[] } | undefined {
    const retry: T[] = [];
    const failures: UndeliveredItems<T>[] = [];
    const refused: UndeliveredItems<T>[] = [];
    let count = 0;
    for (const f of this.failures) {
      count += f.items.length;
      if (isRetryableError(f.error)) {
        retry.push(...f.items);
        failures.push(f);
      } else refused.push(f);
    }
    if (count + this.delivered !== written) return undefined;
    return { retry, failures, refused };
  }

  /** True for a {@link PartialWriteError} (or a subclass) from any copy of the package. */
  static override isInstance(error: unknown): error is PartialWriteError {
    return hasErrorKind(error, 'PartialWriteError');
  }
}
