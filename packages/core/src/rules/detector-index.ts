import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { type DetectionInput, toDetectors } from './to-detector';
import type { Detector, Finding } from './types';

/** Options of {@link indexDetectors}. */
export interface IndexDetectorsOptions {
  /**
   * Most distinct (`eventSource`, `eventName`) pairs whose candidate lists are kept (default 20000). When
   * more are seen, the cache starts over: memory stays bounded whatever the input.
   */
  maxCachedKeys?: number;
}

/** Several detectors run as one, each only on the events it can match. */
export interface DetectorIndex extends Detector {
  /** The detectors, in the order given (the order of findings for one event, and of `flush`). */
  readonly detectors: readonly Detector[];
  /** The detectors that `process` runs for this event, in order. */
  candidates(event: TrailEvent): readonly Detector[];
  /** The detectors' `flush` findings, in detector order. */
  flush(): Finding[];
}

interface Entry {
  detector: Detector;
  names: ReadonlySet<string> | undefined;
  sources: ReadonlySet<string> | undefined;
  errorsOnly: boolean;
  ignoreCase: boolean;
}

/**
 * Run many rules and detectors as one detector that, for each event, calls only those that can match it.
 * Compiled rules know the `eventName` / `eventSource` values their pattern (or `where()` filter, or declared
 * `eventNames` hint) requires, and whether they need an `errorCode`; other detectors may declare the same
 * ({@link Detector.eventNames}, {@link Detector.eventSources}, {@link Detector.errorsOnly}). Per distinct
 * (`eventSource`, `eventName`) pair the candidate lists (with and without `errorCode`) are computed once and
 * cached, so the usual event costs two map lookups plus the few rules that concern it (and those without
 * such a condition).
 *
 * Same findings, in the same order, as calling every detector's `process` in the given order: findings of one
 * event come in detector order, `flush` concatenates the detectors' flushes in order. An event whose
 * `eventName` or `eventSource` is neither a string nor missing (or that is not an object) goes to every
 * detector.
 *
 * @throws RuleValidationError as {@link toDetectors} does; ConfigError when a detector's `eventNames` /
 * `eventSources` is not an array of strings or an option is invalid.
 */
export function indexDetectors(input: DetectionInput, options: IndexDetectorsOptions = {}): DetectorIndex {
  const maxCachedKeys = options.maxCachedKeys ?? 20_000;
  if (!Number.isInteger(maxCachedKeys) || maxCachedKeys < 1) {
    throw new ConfigError('indexDetectors', 'maxCachedKeys: expected an integer >= 1');
  }
  const detectors = toDetectors(input);
  const entries: Entry[] = detectors.map((detector) => ({
    detector,
    names: hintSet(detector, 'eventNames'),
    sources: hintSet(detector, 'eventSources'),
    errorsOnly: detector.errorsOnly === true,
    ignoreCase: detector.hintsIgnoreCase === true,
  }));
  const withFlush = detectors.filter((d) => typeof d.flush === 'function');
  /**
   * eventSource -> eventName -> candidates for events without an `errorCode` (index 0) and with one (index 1).
   * Keys are strings or undefined (missing).
   */
  let cache = new Map<string | undefined, Map<string | undefined, Detector[][]>>();
  let cached = 0;

  function compute(source: string | undefined, name: string | undefined, error: boolean): Detector[] {
    const out: Detector[] = [];
    const lowerName = name?.toLowerCase();
    const lowerSource = source?.toLowerCase();
    for (const e of entries) {
      const n = e.ignoreCase ? lowerName : name;
      const s = e.ignoreCase ? lowerSource : source;
      if (e.names !== undefined && (n === undefined || !e.names.has(n))) continue;
      if (e.sources !== undefined && (s === undefined || !e.sources.has(s))) continue;
      if (e.errorsOnly && !error) continue;
      out.push(e.detector);
    }
    return out;
  }

  function candidatesOf(event: TrailEvent): readonly Detector[] {
    if (typeof event !== 'object' || event === null) return detectors;
    const source = event.eventSource;
    const name = event.eventName;
    if (typeof source !== 'string' && source !== undefined) return detectors;
    if (typeof name !== 'string' && name !== undefined) return detectors;
    const error = event.errorCode !== undefined ? 1 : 0;
    let byName = cache.get(source);
    let lists = byName?.get(name);
    if (lists !== undefined) return lists[error] as Detector[];
    lists = [compute(source, name, false), compute(source, name, true)];
    if (cached >= maxCachedKeys) {
      cache = new Map();
      cached = 0;
      byName = undefined;
    }
    if (byName === undefined) {
      byName = new Map();
      cache.set(source, byName);
    }
    byName.set(name, lists);
    cached++;
    return lists[error] as Detector[];
  }

  return {
    id: 'detector-index',
    detectors,
    candidates: candidatesOf,
    process(event) {
      const list = candidatesOf(event);
      let out: Finding[] | undefined;
      // the first detector's array is passed on as is (never changed); a second one makes a new array
      let owned = false;
      for (let i = 0; i < list.length; i++) {
        const found = (list[i] as Detector).process(event);
        if (found === undefined || found.length === 0) continue;
        if (out === undefined) {
          out = found;
          continue;
        }
        if (!owned) {
          out = out.slice();
          owned = true;
        }
        for (let j = 0; j < found.length; j++) out.push(found[j] as Finding);
      }
      return out;
    },
    flush() {
      const out: Finding[] = [];
      for (const d of withFlush) {
        const found = d.flush?.();
        if (found) for (const f of found) out.push(f);
      }
      return out;
    },
  };
}

function hintSet(detector: Detector, key: 'eventNames' | 'eventSources'): ReadonlySet<string> | undefined {
  const hint = detector[key];
  if (hint === undefined) return undefined;
  if (!Array.isArray(hint) || hint.some((x) => typeof x !== 'string')) {
    throw new ConfigError(`detector ${detector.id}`, `${key}: expected an array of strings`);
  }
  return new Set(hint);
}
