import type { TrailEvent } from '../../event/trail-event';
import { RuleValidationError } from '../../errors';
import { BoundedMap } from '../bounded-map';
import { eventMillis } from '../event-time';
import { makeFinding } from '../finding';
import { MAX_THRESHOLD_COUNT, MAX_WINDOW_SECONDS } from '../rule-limits';
import type { RuleMeta } from '../types';
import { SigmaUnsupportedError } from './sigma-errors';
import { valuesAt } from './sigma-field';
import type { SigmaDetector } from './sigma-rule';

/** The correlation types this loader implements (Sigma specification v2). */
export const SIGMA_CORRELATION_TYPES: readonly string[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
];

/** Most groups tracked at once by one correlation (least recently seen evicted). */
const MAX_GROUPS = 10_000;

function timespanSeconds(v: unknown, where: string): number {
  const m = typeof v === 'string' ? /^(\d+)([smhdwMy]?)$/.exec(v.trim()) : undefined;
  if (typeof v === 'number' && v > 0) return v;
  if (!m) throw new SigmaUnsupportedError(where, `correlation timespan ${JSON.stringify(v)}`);
  const unit = m[2] || 's';
  const mult: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  if (mult[unit] === undefined) throw new SigmaUnsupportedError(where, `correlation timespan unit "${unit}"`);
  return Number(m[1]) * (mult[unit] as number);
}

interface Entry {
  t: number;
  event: TrailEvent;
  /** Index of the referenced rule that matched. */
  rule: number;
  value?: string;
}

/**
 * Compile a Sigma correlation rule over rules of the same file (by `name` or `id`) into a stateful
 * detector, the way trailkit's threshold detectors work: per `group-by` key, a sliding window of
 * `timespan` of `eventTime`; a finding as soon as the condition holds, then the key starts over.
 * - `event_count` with `condition: { gte | gt: n }`: n (or n+1) matching events;
 * - `value_count` with `condition: { field, gte | gt: n }`: that many distinct values of `field`;
 * - `temporal` (`temporal_ordered`): every referenced rule matched (in the order listed).
 * Conditions that can only be decided when a window closes (`lt`, `lte`, `eq`, ranges) are refused.
 * @throws SigmaUnsupportedError or RuleValidationError naming the file and the rule.
 */
export function compileSigmaCorrelation(
  doc: Record<string, unknown>,
  meta: RuleMeta,
  rules: ReadonlyMap<string, SigmaDetector>,
  where: string,
): SigmaDetector {
  const c = (doc.correlation ?? {}) as Record<string, unknown>;
  const type = String(c.type);
  if (!SIGMA_CORRELATION_TYPES.includes(type)) {
    throw new SigmaUnsupportedError(
      where,
      `correlation type "${type}" (supported: ${SIGMA_CORRELATION_TYPES.join(', ')})`,
    );
  }
  const refs = Array.isArray(c.rules) ? c.rules.map(String) : typeof c.rules === 'string' ? [c.rules] : [];
  if (refs.length === 0) throw new RuleValidationError(where, 'field "correlation.rules": required');
  const bases = refs.map((r) => {
    const base = rules.get(r);
    if (!base) {
      throw new SigmaUnsupportedError(where, `correlation over rule "${r}", which is not in the same file`);
    }
    return base;
  });
  const groupBy = (
    Array.isArray(c['group-by']) ? c['group-by'] : c['group-by'] === undefined ? [] : [c['group-by']]
  ).map((f) => String(f).split('.'));
  const windowSeconds = timespanSeconds(c.timespan, where);
  if (windowSeconds > MAX_WINDOW_SECONDS) throw new SigmaUnsupportedError(where, 'a timespan over 366 days');
  const windowMs = windowSeconds * 1000;
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  const ordered = type === 'temporal_ordered';
  let needed = bases.length;
  let field: string[] | undefined;
  if (!temporal) {
    const cond = (c.condition ?? {}) as Record<string, unknown>;
    const keys = Object.keys(cond).filter((k) => k !== 'field');
    const op = keys[0];
    if (keys.length !== 1 || (op !== 'gte' && op !== 'gt') || typeof cond[op] !== 'number') {
      throw new SigmaUnsupportedError(
        where,
        `correlation condition ${JSON.stringify(cond)} (only "gte" or "gt" with a number: streaming detectors raise a finding when it is reached)`,
      );
    }
    needed = (cond[op] as number) + (op === 'gt' ? 1 : 0);
    if (!Number.isInteger(needed) || needed < 1 || needed > MAX_THRESHOLD_COUNT) {
      throw new SigmaUnsupportedError(
        where,
        `correlation count ${needed} (from 1 to ${MAX_THRESHOLD_COUNT})`,
      );
    }
    if (type === 'value_count') {
      if (typeof cond.field !== 'string')
        throw new RuleValidationError(where, 'field "correlation.condition.field": required');
      field = cond.field.split('.');
    }
  }
  const state = new BoundedMap<string, Entry[]>(MAX_GROUPS);
  const keyOf = (event: TrailEvent) => JSON.stringify(groupBy.map((p) => valuesAt(event, p)[0] ?? null));

  const satisfied = (list: readonly Entry[]): boolean => {
    if (temporal) {
      if (!ordered) return new Set(list.map((e) => e.rule)).size === bases.length;
      let next = 0;
      for (const e of list) if (e.rule === next) next++;
      return next === bases.length;
    }
    if (field) return new Set(list.map((e) => e.value)).size >= needed;
    return list.length >= needed;
  };

  // hints: the union of the referenced rules' (undefined when one has none)
  const names = bases.every((b) => b.eventNames)
    ? [...new Set(bases.flatMap((b) => b.eventNames ?? []))]
    : undefined;
  const sources = bases.every((b) => b.eventSources)
    ? [...new Set(bases.flatMap((b) => b.eventSources ?? []))]
    : undefined;

  return {
    id: meta.id,
    meta,
    fields: [...new Set(bases.flatMap((b) => b.fields))],
    matches: (event) => bases.some((b) => b.matches(event)),
    ...(names && { eventNames: names }),
    ...(sources && { eventSources: sources }),
    ...((names || sources) && { hintsIgnoreCase: true }),
    process(event) {
      const rule = bases.findIndex((b) => b.matches(event));
      if (rule < 0) return undefined;
      const t = eventMillis(event);
      if (t === undefined) return undefined;
      const key = keyOf(event);
      let list = state.get(key);
      if (!list) {
        list = [];
        state.set(key, list);
      }
      const newest = list.length > 0 ? Math.max(list[list.length - 1]!.t, t) : t;
      if (t < newest - windowMs) return undefined;
      let i = list.length;
      while (i > 0 && list[i - 1]!.t > t) i--;
      const entry: Entry = { t, event, rule };
      if (field) {
        const v = valuesAt(event, field)[0];
        if (v === undefined || v === null) return undefined;
        entry.value = typeof v === 'string' ? v : JSON.stringify(v);
        // one entry per distinct value (the newest): the list stays below `needed` entries
        const same = list.findIndex((e) => e.value === entry.value);
        if (same >= 0) {
          if (list[same]!.t > t) return undefined;
          list.splice(same, 1);
          if (same < i) i--;
        }
      }
      list.splice(i, 0, entry);
      while (list.length > 0 && list[0]!.t < newest - windowMs) list.shift();
      // bounded: keep the newest entries that can still matter
      const cap = field ? needed : temporal ? bases.length * 8 : needed;
      while (list.length > cap) list.shift();
      if (!satisfied(list)) return undefined;
      state.delete(key);
      const events = list.map((e) => e.event);
      const seconds = Math.round((list[list.length - 1]!.t - list[0]!.t) / 1000);
      return [
        makeFinding(meta, events, {
          summary: `${meta.title}: ${events.length} events within ${seconds}s (${type}, timespan ${windowSeconds}s)`,
        }),
      ];
    },
  };
}
