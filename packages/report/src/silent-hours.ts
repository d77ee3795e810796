/**
 * Which hours each account-region pair logged in, as 24-bit masks per day, for the silent-period section:
 * a pair that logs in most of its hours and then has none for a while (a stopped trail) shows up here.
 */
import type { SilentPeriod } from './model';

const HOUR = 3_600_000;
/** Silent periods listed at most (the longest). */
const MAX_PERIODS = 1000;
/** Hours with events a pair needs before it can be called regular. */
const MIN_LOGGED_HOURS = 6;

interface Pair {
  account: string;
  region: string;
  /** day index since the epoch → bit h set when hour h of that day had events */
  days: Map<number, number>;
}

/** Options of {@link SilentHours}. */
export interface SilentHoursOptions {
  maxPairs: number;
  /** Days tracked per pair at most; a pair over it is dropped (memory bound). */
  maxDays: number;
  regularity: number;
  minSilentHours: number;
}

/** The silent periods found, and how many pairs were looked at. */
export interface SilentResult {
  regularPairs: number;
  pairsTracked: number;
  pairsDropped: number;
  periods: SilentPeriod[];
}

/** Hours with events per account-region pair, in bounded memory. */
export class SilentHours {
  readonly #pairs = new Map<string, Pair>();
  readonly #dropped = new Set<string>();
  #droppedCount = 0;
  readonly #o: SilentHoursOptions;

  constructor(options: SilentHoursOptions) {
    this.#o = options;
  }

  /** Note an event of `account`/`region` at `t` (epoch ms). */
  add(account: string, region: string, t: number): void {
    const id = `${account}\u0000${region}`;
    let pair = this.#pairs.get(id);
    const hour = Math.floor(t / HOUR);
    if (!pair) {
      if (this.#dropped.has(id)) return;
      if (this.#pairs.size >= this.#o.maxPairs) {
        this.#drop(id);
        return;
      }
      pair = { account, region, days: new Map() };
      this.#pairs.set(id, pair);
    }
    const day = Math.floor(hour / 24);
    const mask = pair.days.get(day);
    if (mask === undefined && pair.days.size >= this.#o.maxDays) {
      this.#pairs.delete(id);
      this.#drop(id);
      return;
    }
    pair.days.set(day, (mask ?? 0) | (1 << (hour - day * 24)));
  }

  /** The silent periods of the regular pairs, within `[fromHour, toHour]` (the report's covered hours). */
  result(range: { first: number; last: number } | undefined): SilentResult {
    const periods: SilentPeriod[] = [];
    let regular = 0;
    for (const pair of this.#pairs.values()) {
      // Regular: most logged hours are followed by another logged hour (a trail that logs every hour);
      // a pair that logs now and then is not, and its empty hours say nothing.
      let logged = 0;
      let continued = 0;
      for (const [day, mask] of pair.days) {
        for (let h = 0; h < 24; h++) {
          if (((mask >> h) & 1) === 0) continue;
          logged++;
          if (this.#has(pair, day * 24 + h + 1)) continued++;
        }
      }
      if (logged < MIN_LOGGED_HOURS || continued / (logged - 1) < this.#o.regularity || !range) continue;
      regular++;
      let runStart: number | undefined;
      const lastHour = Math.floor(range.last / HOUR);
      const firstHour = Math.max(Math.floor(range.first / HOUR), lastHour - this.#o.maxDays * 24);
      for (let h = firstHour; h <= lastHour + 1; h++) {
        const silent = h <= lastHour && !this.#has(pair, h);
        if (silent && runStart === undefined) runStart = h;
        if (!silent && runStart !== undefined) {
          if (h - runStart >= this.#o.minSilentHours) {
            periods.push({
              account: pair.account,
              region: pair.region,
              from: new Date(runStart * HOUR).toISOString(),
              until: new Date(h * HOUR).toISOString(),
              hours: h - runStart,
            });
          }
          runStart = undefined;
        }
      }
    }
    periods.sort((a, b) => b.hours - a.hours || (a.from < b.from ? -1 : 1));
    periods.length = Math.min(periods.length, MAX_PERIODS);
    return {
      regularPairs: regular,
      pairsTracked: this.#pairs.size,
      pairsDropped: this.#droppedCount,
      periods,
    };
  }

  #has(pair: Pair, hour: number): boolean {
    const day = Math.floor(hour / 24);
    return (((pair.days.get(day) ?? 0) >> (hour - day * 24)) & 1) === 1;
  }

  #drop(id: string): void {
    this.#droppedCount++;
    // Remember dropped pairs only up to the tracked bound, so the set is bounded too.
    if (this.#dropped.size < this.#o.maxPairs) this.#dropped.add(id);
  }
}
