/** Times as OCSF writes them: epoch milliseconds (`timestamp_t`) beside RFC 3339 text (`*_dt`). */
import { eventTimeMillis, type TrailEvent } from '@trailkit/core';
import { OcsfMappingError } from './errors';

/** An ISO-8601 time in epoch milliseconds, or `undefined` when it does not parse. */
export function epochMillis(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The event's time (`eventTime`, else `@timestamp`) as `time` and `time_dt`; throws when it has none. */
export function eventTimeOf(event: TrailEvent): { time: number; time_dt: string } {
  const ms = eventTimeMillis(event);
  if (ms === undefined) {
    throw new OcsfMappingError(
      'OCSF_NO_TIME',
      `event ${event.eventID ?? '(no eventID)'} has no readable eventTime: OCSF records require a time`,
      event.eventID,
    );
  }
  return { time: ms, time_dt: new Date(ms).toISOString() };
}
