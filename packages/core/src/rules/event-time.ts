import type { TrailEvent } from '../event/trail-event';

/** `eventTime` in epoch milliseconds, or undefined when missing or unparsable. */
export function eventMillis(event: TrailEvent): number | undefined {
  const t = event.eventTime;
  if (typeof t !== 'string') return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}
