import { TrailkitError } from '../errors';
import type { RunSummary } from './types';

/** The error a failed `run()` rejects with: a trailkit error with the run's summary attached. */
export type RunFailure = TrailkitError & { readonly summary: RunSummary };

/** Attach `summary` to `error` (a non-enumerable `summary` property) and return it. */
export function attachSummary(error: TrailkitError, summary: RunSummary): RunFailure {
  Object.defineProperty(error, 'summary', { value: summary, enumerable: false, configurable: true });
  return error as RunFailure;
}

/**
 * The summary attached to an error from a failed `run()` (what was read, written and committed before it
 * failed), or `undefined` for any other error.
 */
export function getRunSummary(error: unknown): RunSummary | undefined {
  if (!TrailkitError.isInstance(error)) return undefined;
  const summary = (error as { summary?: unknown }).summary;
  return typeof summary === 'object' && summary !== null ? (summary as RunSummary) : undefined;
}
