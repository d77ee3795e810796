import { attackFromTags } from './attack';
import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { BoundedMap } from './bounded-map';
import { eventMillis } from './event-time';
import { makeFinding } from './finding';
import type { Detector, Finding, RuleMeta } from './types';

/** Options of {@link anomalyDetector}. */
export interface AnomalyOptions {
  /** Bucket length in seconds (default 60). */
  bucketSeconds?: number;
  /** EWMA weight of a new bucket, 0 < alpha <= 1 (default 0.1). */
  alpha?: number;
  /** Standard deviations above the baseline that make a bucket anomalous (default 4). */
  k?: number;
  /** Closed buckets needed before a key can raise findings (default 30). */
  warmupBuckets?: number;
  /** A bucket needs at least this many calls (or errors) to be anomalous (default 10). */
  minCount?: number;
  /** Floor of the standard deviation, so that flat baselines do not fire on +1 (default 1). */
  minStdDev?: number;
  /** Buckets kept open for late (out-of-order) records (default 5). */
  lagBuckets?: number;
  /** Most API keys tracked at once (default 5000); least recently seen are evicted. */
  maxKeys?: number;
  /** Events kept per bucket as examples in a finding (default 5). */
  sampleSize?: number;
  /** Rule metadata (defaults to `threats.api-call-rate-anomaly`, medium). */
  rule?: Partial<RuleMeta>;
}

interface Bucket {
  index: number;
  calls: number;
  errors: number;
  sample: TrailEvent[];
}

interface Series {
  mean: number;
  variance: number;
}

interface KeyState {
  open: Bucket[];
  lastClosed: number;
  closed: number;
  calls: Series;
  errors: Series;
}

/**
 * A CloudTrail-Insights-like anomaly detector. For each API (`eventSource:eventName`) it counts calls and
 * errors per time bucket of `eventTime` and keeps an exponentially weighted mean and variance of both.
 * When a bucket closes, after `warmupBuckets` buckets, a count more than `k` standard deviations above its
 * baseline (and at least `minCount`) raises a finding with sample events.
 *
 * Buckets close when the newest `eventTime` seen (any API) is `lagBuckets` buckets past them, so records up to
 * that late still count; later ones are dropped. Idle buckets count as zero. Memory: at most `maxKeys`
 * APIs, each with at most `lagBuckets + 1` open buckets of `sampleSize` events. `flush()` closes all buckets.
 */
export function anomalyDetector(options: AnomalyOptions = {}): Detector {
  const where = 'anomalyDetector';
  const bucketSeconds = options.bucketSeconds ?? 60;
  const alpha = options.alpha ?? 0.1;
  const k = options.k ?? 4;
  const warmup = options.warmupBuckets ?? 30;
  const minCount = options.minCount ?? 10;
  const minStd = options.minStdDev ?? 1;
  const lag = options.lagBuckets ?? 5;
  const maxKeys = options.maxKeys ?? 5000;
  const sampleSize = options.sampleSize ?? 5;
  if (!(bucketSeconds > 0)) throw new ConfigError(where, 'bucketSeconds: expected a number > 0');
  if (!(alpha > 0 && alpha <= 1)) throw new ConfigError(where, 'alpha: expected 0 < alpha <= 1');
  if (!(k > 0)) throw new ConfigError(where, 'k: expected a number > 0');
  for (const [name, v] of [
    ['warmupBuckets', warmup],
    ['lagBuckets', lag],
    ['minCount', minCount],
    ['sampleSize', sampleSize],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ConfigError(where, `${name}: expected an integer >= 0`);
  }
  if (!Number.isInteger(maxKeys) || maxKeys < 1)
    throw new ConfigError(where, 'maxKeys: expected an integer >= 1');
  const meta: RuleMeta = {
    id: 'threats.api-call-rate-anomaly',
    title: 'Unusual API call or error rate',
    severity: 'medium',
    description: `Calls or errors of one API in a ${bucketSeconds}s bucket more than ${k} standard deviations above their moving baseline.`,
    tags: ['threats', 'anomaly', 'attack:T1580', 'attack:T1078'],
    attack: attackFromTags(['attack:T1580', 'attack:T1078'])!,
    source: 'threats',
    ...options.rule,
  };
  const bucketMs = bucketSeconds * 1000;
  const state = new BoundedMap<string, KeyState>(maxKeys);
  let newest = Number.NEGATIVE_INFINITY;
  let closedUpTo = Number.NEGATIVE_INFINITY;
  /** `eventSource` -> `eventName` -> `eventSource:eventName`, so that a key is not built on every event. */
  let keyTexts = new Map<string, Map<string, string>>();
  let keyTextCount = 0;

  function keyOf(source: unknown, name: unknown): string {
    if (typeof source !== 'string' || typeof name !== 'string') return `${source}:${name}`;
    let byName = keyTexts.get(source);
    const known = byName?.get(name);
    if (known !== undefined) return known;
    if (keyTextCount >= maxKeys * 2) {
      // bounded like the state: start over
      keyTexts = new Map();
      keyTextCount = 0;
      byName = undefined;
    }
    if (byName === undefined) {
      byName = new Map();
      keyTexts.set(source, byName);
    }
    const text = `${source}:${name}`;
    byName.set(name, text);
    keyTextCount++;
    return text;
  }

  function update(s: Series, x: number): void {
    const diff = x - s.mean;
    const incr = alpha * diff;
    s.mean += incr;
    s.variance = (1 - alpha) * (s.variance + diff * incr);
  }

  function score(s: Series, x: number): number {
    return (x - s.mean) / Math.max(Math.sqrt(s.variance), minStd);
  }

  function closeBucket(key: string, st: KeyState, b: Bucket, out: Finding[]): void {
    // idle buckets since the last closed one count as zero (bounded: after enough zeros the baseline is ~0)
    const gap = Math.min(b.index - st.lastClosed - 1, 200);
    for (let i = 0; i < gap && st.closed > 0; i++) {
      update(st.calls, 0);
      update(st.errors, 0);
      st.closed++;
    }
    if (st.closed >= warmup) {
      const callScore = score(st.calls, b.calls);
      const errorScore = score(st.errors, b.errors);
      const start = new Date(b.index * bucketMs).toISOString();
      if (b.calls >= minCount && callScore >= k) {
        out.push(
          makeFinding(meta, b.sample, {
            summary: `${key}: ${b.calls} calls in ${bucketSeconds}s from ${start} (baseline ${st.calls.mean.toFixed(1)} ± ${Math.sqrt(st.calls.variance).toFixed(1)}, ${callScore.toFixed(1)}σ)`,
          }),
        );
      } else if (b.errors >= minCount && errorScore >= k) {
        out.push(
          makeFinding(meta, b.sample, {
            summary: `${key}: ${b.errors} errors in ${bucketSeconds}s from ${start} (baseline ${st.errors.mean.toFixed(1)} ± ${Math.sqrt(st.errors.variance).toFixed(1)}, ${errorScore.toFixed(1)}σ)`,
          }),
        );
      }
    }
    if (st.closed === 0) {
      st.calls.mean = b.calls;
      st.errors.mean = b.errors;
    } else {
      update(st.calls, b.calls);
      update(st.errors, b.errors);
    }
    st.closed++;
    st.lastClosed = b.index;
  }

  function closeUpTo(limit: number, out: Finding[]): void {
    for (const [key, st] of state.entries()) {
      while (st.open.length > 0 && st.open[0]!.index <= limit) closeBucket(key, st, st.open.shift()!, out);
    }
    closedUpTo = Math.max(closedUpTo, limit);
  }

  return {
    id: meta.id,
    meta,
    process(event) {
      if (!event.eventSource || !event.eventName) return undefined;
      const t = eventMillis(event);
      if (t === undefined) return undefined;
      const index = Math.floor(t / bucketMs);
      if (index <= closedUpTo) return undefined; // later than the lag allows
      const key = keyOf(event.eventSource, event.eventName);
      let st = state.get(key);
      if (!st) {
        st = {
          open: [],
          lastClosed: Number.NEGATIVE_INFINITY,
          closed: 0,
          calls: { mean: 0, variance: 0 },
          errors: { mean: 0, variance: 0 },
        };
        state.set(key, st);
      }
      let i = st.open.length;
      while (i > 0 && st.open[i - 1]!.index > index) i--;
      let b = st.open[i - 1];
      if (!b || b.index !== index) {
        b = { index, calls: 0, errors: 0, sample: [] };
        st.open.splice(i, 0, b);
      }
      b.calls++;
      if (event.errorCode) b.errors++;
      if (b.sample.length < sampleSize) b.sample.push(event);
      if (index > newest) {
        newest = index;
        const limit = newest - lag - 1;
        if (limit > closedUpTo) {
          const out: Finding[] = [];
          closeUpTo(limit, out);
          return out.length > 0 ? out : undefined;
        }
      }
      return undefined;
    },
    flush() {
      const out: Finding[] = [];
      closeUpTo(Number.POSITIVE_INFINITY, out);
      return out;
    },
  };
}
