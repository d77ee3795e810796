import type { CheckpointStore, Position } from '../contracts';
import { CheckpointError } from '../errors';

/** A {@link CheckpointStore} in memory, with a peek at what it holds (for tests and short-lived runs). */
export interface MemoryCheckpointStore extends CheckpointStore {
  /** A copy of every saved position, by key. */
  snapshot(): Record<string, Position>;
  /** Every save, in order (key and a copy of the position): shows that positions only move forward. */
  readonly history: ReadonlyArray<{ key: string; position: Position }>;
}

/**
 * A checkpoint store kept in memory. Positions are copied on save and load (through JSON, which also
 * checks they are JSON-serializable), so later changes to an object never leak into the store.
 */
export function memoryCheckpoint(initial: Record<string, Position> = {}): MemoryCheckpointStore {
  const positions = new Map<string, string>();
  for (const [key, position] of Object.entries(initial)) positions.set(key, serialize(key, position));
  const history: Array<{ key: string; position: Position }> = [];
  return {
    async load(key) {
      const text = positions.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as Position);
    },
    async save(key, position) {
      const text = serialize(key, position);
      positions.set(key, text);
      history.push({ key, position: JSON.parse(text) as Position });
    },
    snapshot() {
      return Object.fromEntries([...positions].map(([k, v]) => [k, JSON.parse(v) as Position]));
    },
    history,
  };
}

function serialize(key: string, position: Position): string {
  try {
    const text = JSON.stringify(position);
    if (text === undefined) throw new TypeError('position is not JSON-serializable');
    return text;
  } catch (error) {
    throw new CheckpointError(`memory checkpoint: cannot save key ${JSON.stringify(key)}: ${String(error)}`, {
      cause: error,
    });
  }
}
