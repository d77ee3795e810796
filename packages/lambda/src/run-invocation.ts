import type { Context } from 'aws-lambda';
import { ConfigError, getRunSummary, type Logger, type RunSummary, type Source } from '@trailkit/core';
import { validateOptions } from '@trailkit/core/plugin';
import type { FailedItem } from './errors';
import { jsonLogger } from './json-logger';
import { ItemLedger } from './ledger';
import { invocationSource } from './invocation-source';
import { type HandlerOptions, HANDLER_OPTIONS_SCHEMA, type ResolvedHandlerOptions } from './options';
import type { WorkItem } from './work-item';

/** What one invocation did. */
export interface InvocationOutcome {
  /** The run summary (counts, findings, per-sink stats); absent when no run was started. */
  summary: RunSummary | undefined;
  /** Items every sink wrote, in the invocation's order. */
  succeeded: string[];
  /** Items not fully written, with why (`unfinished` when the time ran out). */
  failed: FailedItem[];
  /** True when the deadline stopped the run. */
  timedOut: boolean;
}

/** The part built once per container: validated options and the logger. */
export interface HandlerRuntime {
  options: ResolvedHandlerOptions;
  log: Logger;
  kind: string;
}

const NO_EVENTS: Source = { name: 'probe', read: async function* () {} };

/** Validate a factory's options once (at module scope, in the init phase). */
export function handlerRuntime(component: string, kind: string, options: HandlerOptions): HandlerRuntime {
  const resolved = validateOptions<ResolvedHandlerOptions>(component, HANDLER_OPTIONS_SCHEMA, options);
  if (typeof resolved.pipeline.from !== 'function') {
    throw new ConfigError(component, 'pipeline must be a pipeline() without a source');
  }
  try {
    resolved.pipeline.from(NO_EVENTS);
  } catch (error) {
    throw new ConfigError(
      component,
      `pipeline must not have a source: the handler gives it one per invocation (${(error as Error).message})`,
    );
  }
  return { options: resolved, log: resolved.log ?? jsonLogger(), kind };
}

/**
 * Run the container's pipeline over one invocation's items, bounded by the remaining time: reading stops
 * `safetyMarginMs` before the deadline, writes in flight get half the margin, and every item not written
 * by every sink is in `failed`.
 */
export async function runInvocation(
  runtime: HandlerRuntime,
  items: readonly WorkItem[],
  context: Context,
): Promise<InvocationOutcome> {
  const { options, kind } = runtime;
  const log = withFields(runtime.log, { requestId: context.awsRequestId, handler: kind });
  const ledger = new ItemLedger(items.map((i) => i.id));
  const started = Date.now();
  const budget = context.getRemainingTimeInMillis() - options.safetyMarginMs;
  log.info('invocation start', { items: items.length, budgetMs: budget });
  if (budget <= 0) {
    const failed = ledger.failures;
    log.warn('no time left: every item reported failed', { failed: failed.length });
    return { summary: undefined, succeeded: [], failed, timedOut: true };
  }
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('deadline')), budget);
  let summary: RunSummary | undefined;
  try {
    summary = await options.pipeline
      .from(invocationSource(options.name ?? kind, items, ledger, options.readAhead))
      .run({
        signal: deadline.signal,
        abortGraceMs: Math.floor(options.safetyMarginMs / 2),
        onInvalid: options.onInvalid,
        batchSize: options.batchSize,
        concurrency: options.concurrency,
        retry: options.retry,
        deadLetter: options.deadLetter,
        dedupe: options.dedupe,
        log,
      });
  } catch (error) {
    summary = getRunSummary(error);
    const reason = `run failed: ${error instanceof Error ? error.message : String(error)}`;
    for (const f of ledger.failures) ledger.fail(f.id, reason);
    log.error('run failed', { error });
  } finally {
    clearTimeout(timer);
  }
  const timedOut = deadline.signal.aborted;
  const outcome = { summary, succeeded: ledger.succeeded, failed: ledger.failures, timedOut };
  const done = outcome.failed.length === 0 ? 'info' : 'warn';
  log[done]('invocation done', {
    items: items.length,
    succeeded: outcome.succeeded.length,
    failed: outcome.failed.map((f) => f.id),
    timedOut,
    events: summary?.events.read ?? 0,
    invalid: summary?.events.invalid ?? 0,
    findings: summary?.findings.total ?? 0,
    durationMs: Date.now() - started,
  });
  return outcome;
}

function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  const child = (log as { child?: (f: Record<string, unknown>) => Logger }).child;
  return typeof child === 'function' ? child.call(log, fields) : log;
}
