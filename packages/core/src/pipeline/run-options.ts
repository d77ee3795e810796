import type { CheckpointStore, Logger, Sink } from '../contracts';
import { ConfigError } from '../errors';
import { noopLogger } from '../util/noop-logger';
import type { DeadLetter, RunOptions, RunSummary } from './types';

/** {@link RunOptions} after defaults and validation. */
export interface ResolvedRunOptions {
  signal: AbortSignal | undefined;
  abortGraceMs: number;
  checkpoint: CheckpointStore | undefined;
  checkpointKey: string;
  onInvalid: 'skip' | 'fail';
  concurrency: number;
  batchSize: number;
  onProgress: ((summary: RunSummary) => void) | undefined;
  retry: { attempts: number; baseMs: number; maxMs: number; jitter: 'full' | 'equal' | 'none' };
  deadLetter: Sink<DeadLetter> | undefined;
  dedupe: number;
  log: Logger;
  workers: number | 'auto';
}

const COMPONENT = 'pipeline.run';

/** Apply defaults and check every option; throws `ConfigError` naming the bad option. */
export function resolveRunOptions(options: RunOptions, sourceName: string): ResolvedRunOptions {
  if (typeof options !== 'object' || options === null)
    throw new ConfigError(COMPONENT, 'options must be an object');
  const o = options;
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new ConfigError(COMPONENT, 'signal must be an AbortSignal');
  }
  if (o.checkpoint !== undefined && !hasMethods(o.checkpoint, ['load', 'save'])) {
    throw new ConfigError(COMPONENT, 'checkpoint must be a CheckpointStore (with load and save)');
  }
  if (o.checkpointKey !== undefined && (typeof o.checkpointKey !== 'string' || o.checkpointKey === '')) {
    throw new ConfigError(COMPONENT, 'checkpointKey must be a non-empty string');
  }
  if (o.onInvalid !== undefined && o.onInvalid !== 'skip' && o.onInvalid !== 'fail') {
    throw new ConfigError(
      COMPONENT,
      `onInvalid must be 'skip' or 'fail' (got ${JSON.stringify(o.onInvalid)})`,
    );
  }
  const abortGraceMs = nonNegative('abortGraceMs', o.abortGraceMs, 30_000);
  const concurrency = positiveInt('concurrency', o.concurrency, 4);
  const batchSize = positiveInt('batchSize', o.batchSize, 1000);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new ConfigError(COMPONENT, 'onProgress must be a function');
  }
  const r = o.retry ?? {};
  if (typeof r !== 'object' || r === null) throw new ConfigError(COMPONENT, 'retry must be an object');
  const attempts = positiveInt('retry.attempts', r.attempts, 5);
  const baseMs = nonNegative('retry.baseMs', r.baseMs, 200);
  const maxMs = nonNegative('retry.maxMs', r.maxMs, 10_000);
  if (maxMs < baseMs)
    throw new ConfigError(COMPONENT, `retry.maxMs (${maxMs}) must be >= retry.baseMs (${baseMs})`);
  const jitter = r.jitter ?? 'full';
  if (jitter !== 'full' && jitter !== 'equal' && jitter !== 'none') {
    throw new ConfigError(COMPONENT, `retry.jitter must be 'full', 'equal' or 'none'`);
  }
  if (o.deadLetter !== undefined && !hasMethods(o.deadLetter, ['write'])) {
    throw new ConfigError(COMPONENT, 'deadLetter must be a Sink (with write)');
  }
  let dedupe = 0;
  if (o.dedupe === true) dedupe = 100_000;
  else if (o.dedupe !== undefined && o.dedupe !== false) dedupe = positiveInt('dedupe', o.dedupe, 0);
  if (o.log !== undefined && !hasMethods(o.log, ['debug', 'info', 'warn', 'error'])) {
    throw new ConfigError(COMPONENT, 'log must be a Logger (debug, info, warn, error)');
  }
  const w = o.workers;
  if (w !== undefined && w !== 'auto' && !(typeof w === 'number' && Number.isInteger(w) && w >= 1)) {
    throw new ConfigError(COMPONENT, `workers must be 'auto' or an integer >= 1 (got ${JSON.stringify(w)})`);
  }
  const workers = w ?? 'auto';
  return {
    signal: o.signal,
    abortGraceMs,
    checkpoint: o.checkpoint,
    checkpointKey: o.checkpointKey ?? sourceName,
    onInvalid: o.onInvalid ?? 'fail',
    concurrency,
    batchSize,
    onProgress: o.onProgress,
    retry: { attempts, baseMs, maxMs, jitter },
    deadLetter: o.deadLetter,
    dedupe,
    log: o.log ?? noopLogger,
    workers,
  };
}

function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(COMPONENT, `${name} must be an integer >= 1 (got ${JSON.stringify(value)})`);
  }
  return value;
}

function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(COMPONENT, `${name} must be a number >= 0 (got ${JSON.stringify(value)})`);
  }
  return value;
}

function hasMethods(value: unknown, names: string[]): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function')
  );
}
