import { ConfigError, type Position } from '@trailkit/core';

/**
 * Where a CloudWatch Logs read is: the newest event timestamp delivered, and the ids of the events
 * delivered within the look-back window before it (so a re-query from `timestamp - lateness` skips them).
 */
export interface CloudWatchLogsPosition {
  /** Epoch milliseconds of the newest event delivered. */
  timestamp: number;
  /** Ids of the events delivered with a timestamp in `[timestamp - lateness, timestamp]`. */
  seenIds: string[];
  [key: string]: number | string[];
}

/**
 * The ids already delivered, with their timestamps, bounded to a time window behind the newest one.
 */
export class SeenEvents {
  readonly #ids = new Map<string, number>();
  #newest: number;
  readonly #window: number;

  constructor(newest: number, window: number, ids: Iterable<string> = []) {
    this.#newest = newest;
    this.#window = window;
    for (const id of ids) this.#ids.set(id, newest);
  }

  /** The newest timestamp delivered. */
  get newest(): number {
    return this.#newest;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Remember a delivered event; moving the newest timestamp forward forgets ids out of the window. */
  add(id: string, timestamp: number): void {
    this.#ids.set(id, timestamp);
    if (timestamp > this.#newest) {
      this.#newest = timestamp;
      const oldest = this.#newest - this.#window;
      for (const [seen, at] of this.#ids) if (at < oldest) this.#ids.delete(seen);
    }
  }

  /** The position to save after the events delivered so far. */
  position(): CloudWatchLogsPosition {
    return { timestamp: this.#newest, seenIds: [...this.#ids.keys()] };
  }
}

/** Validate a position given to resume from. */
export function readPosition(from: Position | undefined): CloudWatchLogsPosition | undefined {
  if (from === undefined || from === null) return undefined;
  const value = from as Partial<CloudWatchLogsPosition>;
  if (
    typeof from !== 'object' ||
    typeof value.timestamp !== 'number' ||
    !Array.isArray(value.seenIds) ||
    value.seenIds.some((id) => typeof id !== 'string')
  ) {
    throw new ConfigError('cloudWatchLogsSource', `cannot resume from position ${JSON.stringify(from)}`);
  }
  return value as CloudWatchLogsPosition;
}
