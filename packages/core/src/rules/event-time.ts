import { eventTimeMillis } from '../event/event-time';
import type { TrailEvent } from '../event/trail-event';

export { canonicalMillis } from '../event/event-time';

/**
 * The event's time in epoch milliseconds (`eventTime`, else `@timestamp`: see `eventTimeText`), or
 * undefined when missing or unparsable. Time-window detectors place events by it.
 */
export function eventMillis(event: TrailEvent): number | undefined {
  return eventTimeMillis(event);
}
