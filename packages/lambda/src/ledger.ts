import type { FailedItem } from './errors';

/**
 * What happened to each item of an invocation. An item counts as done only once its last batch was
 * acknowledged (every sink wrote it, in order); anything else is a failure: failed reads, sink failures,
 * and items the time did not reach. Nothing is lost: what is not done is reported.
 */
export class ItemLedger {
  readonly #ids: readonly string[];
  readonly #done = new Set<string>();
  readonly #failed = new Map<string, string>();

  constructor(ids: readonly string[]) {
    this.#ids = ids;
  }

  /** Every sink wrote everything the item produced. */
  done(id: string): void {
    this.#done.add(id);
  }

  /** Reading the item failed (the first reason is kept). */
  fail(id: string, reason: string): void {
    if (!this.#failed.has(id)) this.#failed.set(id, reason);
  }

  /** Items done, in the invocation's order. */
  get succeeded(): string[] {
    return this.#ids.filter((id) => this.#done.has(id));
  }

  /** Items not done, in the invocation's order, with why (`unfinished` when no error was seen). */
  get failures(): FailedItem[] {
    return this.#ids
      .filter((id) => !this.#done.has(id))
      .map((id) => ({ id, reason: this.#failed.get(id) ?? 'unfinished' }));
  }
}
