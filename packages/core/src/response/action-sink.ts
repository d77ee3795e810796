import type { Logger, Sink, WriteContext } from '../contracts';
import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import type { Finding } from '../rules/types';
import { noopLogger } from '../util/noop-logger';
import { RecentIds } from '../util/recent-ids';
import { ActionError, type ActionFailure } from './errors';

/** Handed to an {@link ActionHandler} with each finding. */
export interface ActionContext {
  /** Aborted when the run stops: pass it to SDK calls (`client.send(cmd, { abortSignal })`). */
  signal: AbortSignal;
  /** The sink's logger. */
  log: Logger;
}

/** User code run once per finding. Throw (or reject) to report failure; the pipeline retries. */
export type ActionHandler = (finding: Finding, ctx: ActionContext) => unknown;

/** Options of {@link actionSink}. */
export interface ActionSinkOptions {
  /** Sink name in logs and the run summary. Default `action`. */
  name?: string;
  /** Findings handled at once within a write. Default 4. */
  concurrency?: number;
  /** Logger handed to the handler. Default: silent. */
  log?: Logger;
  /**
   * How many handled finding ids to remember, so a retried write does not run the handler again for
   * findings that already succeeded. Default 10 000.
   */
  remember?: number;
}

/**
 * A sink that runs `handler` for every finding it receives (plain events are ignored): automated
 * response. `write` resolves when the handler succeeded for every finding of the batch and rejects with
 * {@link ActionError} otherwise, so the pipeline gives it the same guarantees as any sink: at least once,
 * retries with backoff, dead letter. On a retried write, findings that already succeeded are skipped;
 * handlers must still be idempotent (a crash between the action and the checkpoint replays it).
 *
 * @example
 * ```ts
 * pipeline().from(source).detect(rules).to(actionSink(async (finding, { signal }) => {
 *   await disableKey(finding, signal);
 * }, { name: 'disable-keys', concurrency: 2 })).run();
 * ```
 */
export function actionSink(handler: ActionHandler, options: ActionSinkOptions = {}): Sink<Finding> {
  if (typeof handler !== 'function') throw new ConfigError('actionSink', 'the handler must be a function');
  const name = options.name ?? 'action';
  if (typeof name !== 'string' || name === '')
    throw new ConfigError('actionSink', '`name` must be a non-empty string');
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new ConfigError(
      'actionSink',
      `\`concurrency\` must be an integer >= 1, got ${String(concurrency)}`,
    );
  const remember = options.remember ?? 10_000;
  if (!Number.isInteger(remember) || remember < 1)
    throw new ConfigError('actionSink', `\`remember\` must be an integer >= 1, got ${String(remember)}`);
  const log = options.log ?? noopLogger;
  const done = new RecentIds(remember);

  return {
    name,
    async write(items: readonly Finding[], ctx: WriteContext): Promise<void> {
      const signal = ctx?.signal ?? new AbortController().signal;
      const todo = (items as readonly (Finding | TrailEvent)[]).filter(
        (item): item is Finding => (item as Finding).kind === 'finding' && !done.has((item as Finding).id),
      );
      const failures: ActionFailure[] = [];
      let next = 0;
      const worker = async () => {
        while (next < todo.length) {
          if (signal.aborted) return;
          const finding = todo[next++] as Finding;
          try {
            await handler(finding, { signal, log });
            done.add(finding.id);
          } catch (error) {
            if (signal.aborted) return;
            failures.push({ findingId: finding.id, ruleId: finding.rule.id, error });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
      if (signal.aborted) throw signal.reason;
      if (failures.length > 0) throw new ActionError(name, failures, todo.length);
    },
  };
}
