import { describe, expect, it } from 'vitest';
import { allRealEvents } from '../../test/rules/fixtures';
import { canonicalMillis, eventMillis } from './event-time';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('eventMillis', () => {
  it('reads canonical CloudTrail times exactly like Date.parse (grid of dates, leap years, bad fields)', () => {
    let fast = 0;
    for (const y of [0, 1, 99, 100, 1600, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 2400, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          for (const [h, mi, s] of [
            [0, 0, 0],
            [23, 59, 59],
            [24, 0, 0],
            [12, 60, 1],
            [1, 2, 60],
          ] as const) {
            const t = `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}Z`;
            const got = canonicalMillis(t);
            if (got !== undefined) fast++;
            const want = Date.parse(t);
            expect(eventMillis({ eventTime: t }), t).toBe(Number.isFinite(want) ? want : undefined);
            if (got !== undefined) expect(got, t).toBe(want);
          }
        }
      }
    }
    expect(fast).toBeGreaterThan(5000);
  });

  it('falls back to Date.parse for other forms, and is undefined for junk', () => {
    expect(canonicalMillis('2024-01-01T00:00:00.123Z')).toBeUndefined();
    expect(eventMillis({ eventTime: '2024-01-01T00:00:00.123Z' })).toBe(
      Date.parse('2024-01-01T00:00:00.123Z'),
    );
    expect(eventMillis({ eventTime: '2024-01-01T01:00:00+01:00' })).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(canonicalMillis('2024-01-01T00:00:0aZ')).toBeUndefined();
    expect(canonicalMillis('2024/01/01T00:00:00Z')).toBeUndefined();
    expect(eventMillis({ eventTime: 'yesterday' })).toBeUndefined();
    expect(eventMillis({})).toBeUndefined();
  });

  it('agrees with Date.parse on every real record', () => {
    const events = allRealEvents();
    expect(events.filter((e) => canonicalMillis(e.eventTime as string) !== undefined).length).toBe(
      events.length,
    );
    for (const e of events) expect(eventMillis(e)).toBe(Date.parse(e.eventTime as string));
  });
});
