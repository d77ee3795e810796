/**
 * The rows of the events table, grouped as events stream in: identical rows (same time, source:name, who,
 * region, IP and error, e.g. copies of the same logs) become one row with a count. At most `maxRows` rows
 * are kept, so memory stays bounded; a later event identical to a kept row still counts in it.
 */
import { eventTimeText, type Sink, type TrailEvent } from '@trailkit/core';
import { eventPrincipal, shortPrincipal } from './render';

/** One row of the events table and how many events it stands for. */
export interface EventRow {
  cells: string[];
  count: number;
}

/** A sink that groups events into {@link EventRow}s and counts every event. */
export interface EventRows extends Sink<TrailEvent> {
  /** The kept rows, in the order their first event came. */
  readonly rows: readonly EventRow[];
  /** Every event written. */
  readonly count: number;
}

/** The cells of an event's row: time, source:name, who, region, IP, error. */
export function eventCells(e: TrailEvent): string[] {
  return [
    eventTimeText(e) ?? '-',
    `${(e.eventSource ?? '?').replace('.amazonaws.com', '')}:${e.eventName ?? '?'}`,
    shortPrincipal(eventPrincipal(e)),
    e.awsRegion ?? '-',
    e.sourceIPAddress ?? '-',
    e.errorCode ?? '',
  ];
}

/** Group events into at most `maxRows` rows; events matching no kept row once it is full are only counted. */
export function eventRowsSink(maxRows: number): EventRows {
  const rows: EventRow[] = [];
  const byKey = new Map<string, EventRow>();
  let count = 0;
  return {
    name: 'table',
    rows,
    get count() {
      return count;
    },
    async write(events) {
      count += events.length;
      for (const event of events) {
        const cells = eventCells(event);
        const key = cells.join('\u0000');
        const row = byKey.get(key);
        if (row) row.count++;
        else if (rows.length < maxRows) {
          const added = { cells, count: 1 };
          rows.push(added);
          byKey.set(key, added);
        }
      }
    },
  };
}
