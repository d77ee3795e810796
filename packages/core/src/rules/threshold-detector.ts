import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import type { FilterLike } from '../filters/types';
import { BoundedMap } from './bounded-map';
import { describeActor } from './describe-event';
import { eventMillis } from './event-time';
import { makeFinding } from './finding';
import { type GroupBy, groupKey } from './group-key';
import { MAX_THRESHOLD_COUNT, MAX_THRESHOLD_KEYS, MAX_WINDOW_SECONDS } from './rule-limits';
import { compileMatchWithHints } from './to-detector';
import { type Detector, type RuleMeta, SEVERITIES } from './types';

/** Options of {@link thresholdDetector}. */
export interface ThresholdOptions extends RuleMeta {
  /** Which events count: a filter pattern text, a filter or a function. */
  match: string | FilterLike;
  /**
   * A finding is raised when this many matching events of one key fall within `windowSeconds`
   * (an integer from 1 to `MAX_THRESHOLD_COUNT`).
   */
  threshold: number;
  /** Window length, in seconds of `eventTime` (more than 0, at most `MAX_WINDOW_SECONDS` = 366 days). */
  windowSeconds: number;
  /** How to group events (default `principal`). */
  groupBy?: GroupBy;
  /**
   * Most keys tracked at once; the least recently seen are evicted (default 10000, at most
   * `MAX_THRESHOLD_KEYS`).
   */
  maxKeys?: number;
}

interface Entry {
  t: number;
  event: TrailEvent;
}

/**
 * A stateful detector: `threshold` or more matching events from one key (principal, IP, ...) within
 * `windowSeconds` of `eventTime`. Records need not arrive in time order: an event is placed by its time,
 * and only events older than the key's newest event minus the window are dropped. Per key at most
 * `threshold` events are kept, and at most `maxKeys` keys; after a finding the key starts over.
 * Events without a valid `eventTime` are ignored.
 * @throws ConfigError on invalid options.
 */
export function thresholdDetector(options: ThresholdOptions): Detector {
  const where = `thresholdDetector ${options?.id ?? ''}`.trim();
  if (!options || typeof options.id !== 'string' || options.id === '')
    throw new ConfigError(where, 'id: required');
  if (typeof options.title !== 'string' || options.title === '')
    throw new ConfigError(where, 'title: required');
  if (!SEVERITIES.includes(options.severity))
    throw new ConfigError(where, `severity: expected one of ${SEVERITIES.join(', ')}`);
  if (
    !Number.isInteger(options.threshold) ||
    options.threshold < 1 ||
    options.threshold > MAX_THRESHOLD_COUNT
  )
    throw new ConfigError(where, `threshold: expected an integer from 1 to ${MAX_THRESHOLD_COUNT}`);
  if (!(options.windowSeconds > 0 && options.windowSeconds <= MAX_WINDOW_SECONDS))
    throw new ConfigError(
      where,
      `windowSeconds: expected a number > 0 and at most ${MAX_WINDOW_SECONDS} (366 days)`,
    );
  const maxKeys = options.maxKeys ?? 10_000;
  if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > MAX_THRESHOLD_KEYS)
    throw new ConfigError(where, `maxKeys: expected an integer from 1 to ${MAX_THRESHOLD_KEYS}`);
  const { test, eventNames, eventSources, errorsOnly } = compileMatchWithHints(
    { match: options.match },
    where,
  );
  const keyOf = groupKey(options.groupBy ?? 'principal');
  const windowMs = options.windowSeconds * 1000;
  const threshold = options.threshold;
  const state = new BoundedMap<string, Entry[]>(maxKeys);
  const meta: RuleMeta = {
    id: options.id,
    title: options.title,
    severity: options.severity,
    ...(options.description !== undefined && { description: options.description }),
    ...(options.references !== undefined && { references: options.references }),
    ...(options.tags !== undefined && { tags: options.tags }),
    ...(options.attack !== undefined && { attack: options.attack }),
    ...(options.source !== undefined && { source: options.source }),
  };

  return {
    id: options.id,
    meta,
    // events the match cannot pass never touch the state: an index may skip them
    ...(eventNames !== undefined && { eventNames }),
    ...(eventSources !== undefined && { eventSources }),
    ...(errorsOnly && { errorsOnly }),
    process(event) {
      if (!test(event)) return undefined;
      const key = keyOf(event);
      const t = eventMillis(event);
      if (key === undefined || t === undefined) return undefined;
      let list = state.get(key);
      if (!list) {
        list = [];
        state.set(key, list);
      }
      const newest = list.length > 0 ? Math.max(list[list.length - 1]!.t, t) : t;
      if (t < newest - windowMs) return undefined; // too late for the window
      // insert in time order (lists are short: at most `threshold` entries)
      let i = list.length;
      while (i > 0 && list[i - 1]!.t > t) i--;
      list.splice(i, 0, { t, event });
      while (list.length > 0 && list[0]!.t < newest - windowMs) list.shift();
      if (list.length < threshold) return undefined;
      const events = list.map((x) => x.event);
      state.delete(key);
      const seconds = Math.round((list[list.length - 1]!.t - list[0]!.t) / 1000);
      const who = describeActor(events[events.length - 1]!);
      return [
        makeFinding(meta, events, {
          summary: `${events.length} × ${options.title} by ${key === who ? key : `${who} (${key})`} within ${seconds}s (threshold ${threshold} in ${options.windowSeconds}s)`,
        }),
      ];
    },
  };
}
