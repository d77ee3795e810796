/** Counts per time bucket, in at most `maxBuckets` buckets: when full, buckets widen (hour → day → ×2). */
import type { Severity } from '@trailkit/core';
import type { ActivityBucket } from './model';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The counters of one bucket. */
export interface BucketCounts {
  events: number;
  read: number;
  write: number;
  errors: number;
  accessDenied: number;
  findings: Partial<Record<Severity, number>>;
}

function empty(): BucketCounts {
  return { events: 0, read: 0, write: 0, errors: 0, accessDenied: 0, findings: {} };
}

/** What one event adds to its bucket. */
export interface EventMark {
  read: boolean;
  error: boolean;
  accessDenied: boolean;
}

/** Bucketed activity and findings. Bucket starts are multiples of `bucketMs` since the epoch. */
export class TimeSeries {
  #bucketMs = HOUR;
  #buckets = new Map<number, BucketCounts>();
  readonly #maxBuckets: number;

  constructor(maxBuckets: number) {
    this.#maxBuckets = maxBuckets;
  }

  /** Current bucket width in milliseconds. */
  get bucketMs(): number {
    return this.#bucketMs;
  }

  /** Count one event at `t` (epoch ms). */
  addEvent(t: number, mark: EventMark): void {
    const b = this.#bucket(t);
    b.events++;
    if (mark.read) b.read++;
    else b.write++;
    if (mark.error) b.errors++;
    if (mark.accessDenied) b.accessDenied++;
  }

  /** Count one finding of `severity` at `t` (epoch ms). */
  addFinding(t: number, severity: Severity): void {
    const b = this.#bucket(t);
    b.findings[severity] = (b.findings[severity] ?? 0) + 1;
  }

  /** The buckets in time order, empty ones between the first and the last included (so gaps show). */
  buckets(): ActivityBucket[] {
    const keys = [...this.#buckets.keys()].sort((a, b) => a - b);
    if (keys.length === 0) return [];
    const out: ActivityBucket[] = [];
    const last = keys[keys.length - 1] as number;
    for (let k = keys[0] as number; k <= last; k += this.#bucketMs) {
      const b = this.#buckets.get(k) ?? empty();
      out.push({ start: new Date(k).toISOString(), ...b, findings: { ...b.findings } });
    }
    return out;
  }

  /** `hour`, `day`, or `N days`. */
  label(): string {
    if (this.#bucketMs === HOUR) return 'hour';
    if (this.#bucketMs === DAY) return 'day';
    return `${this.#bucketMs / DAY} days`;
  }

  #bucket(t: number): BucketCounts {
    let key = Math.floor(t / this.#bucketMs) * this.#bucketMs;
    let b = this.#buckets.get(key);
    if (b) return b;
    // Buckets from the first to the last are rendered, so bound the span, not only the count.
    while (this.#spanWith(key) > this.#maxBuckets) {
      this.#widen();
      key = Math.floor(t / this.#bucketMs) * this.#bucketMs;
    }
    b = this.#buckets.get(key);
    if (!b) {
      b = empty();
      this.#buckets.set(key, b);
    }
    return b;
  }

  #spanWith(key: number): number {
    let min = key;
    let max = key;
    for (const k of this.#buckets.keys()) {
      if (k < min) min = k;
      if (k > max) max = k;
    }
    return (max - min) / this.#bucketMs + 1;
  }

  #widen(): void {
    const next = this.#bucketMs === HOUR ? DAY : this.#bucketMs * 2;
    const merged = new Map<number, BucketCounts>();
    for (const [k, b] of this.#buckets) {
      const key = Math.floor(k / next) * next;
      const into = merged.get(key);
      if (!into) {
        merged.set(key, b);
        continue;
      }
      into.events += b.events;
      into.read += b.read;
      into.write += b.write;
      into.errors += b.errors;
      into.accessDenied += b.accessDenied;
      for (const [s, n] of Object.entries(b.findings) as [Severity, number][])
        into.findings[s] = (into.findings[s] ?? 0) + n;
    }
    this.#bucketMs = next;
    this.#buckets = merged;
  }
}
