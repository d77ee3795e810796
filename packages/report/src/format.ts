/** Formatting shared by the renderers. */
import type { Severity } from '@trailkit/core';
import type { TopTable } from './model';

/** `1,234,567`. */
export function num(n: number): string {
  return n.toLocaleString('en-US');
}

/** `2026-11-30 14:00Z` from an ISO-8601 time (seconds kept when not zero). */
export function time(iso: string | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(iso);
  if (!m) return iso;
  const seconds = m[3] && m[3] !== ':00' ? m[3] : '';
  return `${m[1]} ${m[2]}${seconds}Z`;
}

/** The start of a time bucket: the date alone for buckets of a day or more, else {@link time}. */
export function bucketTime(iso: string, bucketMs: number): string {
  return bucketMs >= 86_400_000 ? iso.slice(0, 10) : time(iso);
}

/** How exact a top table is, in one sentence. */
export function topNote(t: TopTable): string {
  if (t.total === 0) return 'nothing counted';
  if (t.maxError === 0) return `exact: ${num(t.distinctKept)} distinct value(s) among ${num(t.total)}`;
  return (
    `Space-Saving estimate over ${num(t.total)} values with ${num(t.capacity)} counters: ` +
    `each count is at most ${num(Math.ceil(t.maxError))} too high (the ± column is the bound of that row)`
  );
}

/** Severity colours (charts and badges). */
export const SEVERITY_COLORS: Record<Severity, string> = {
  info: '#8c8c8c',
  low: '#59a14f',
  medium: '#d4a21a',
  high: '#f28e2b',
  critical: '#e15759',
};
