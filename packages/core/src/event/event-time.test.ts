import { describe, expect, it } from 'vitest';
import { eventTimeMillis, eventTimeText, eventTimeWithin } from './event-time';

describe('event time', () => {
  it('is eventTime, else @timestamp', () => {
    expect(eventTimeText({ eventTime: '2026-11-06T12:00:00Z', '@timestamp': 'x' })).toBe(
      '2026-11-06T12:00:00Z',
    );
    expect(eventTimeText({ '@timestamp': '2026-11-06T12:00:00.000Z' })).toBe('2026-11-06T12:00:00.000Z');
    expect(eventTimeText({ eventTime: 5 as unknown as string })).toBeUndefined();
    expect(eventTimeMillis({ '@timestamp': '2026-11-06T12:00:00.500Z' })).toBe(
      Date.parse('2026-11-06T12:00:00.500Z'),
    );
    expect(eventTimeMillis({ eventTime: 'soon' })).toBeUndefined();
  });

  it('bounds [since, until): no readable time is outside any bounded window', () => {
    const since = Date.parse('2026-11-06T00:00:00Z');
    const until = Date.parse('2026-11-07T00:00:00Z');
    expect(eventTimeWithin({ eventTime: '2026-11-06T00:00:00Z' }, since, until)).toBe(true);
    expect(eventTimeWithin({ eventTime: '2026-11-07T00:00:00Z' }, since, until)).toBe(false);
    expect(eventTimeWithin({ '@timestamp': '2026-11-06T23:59:59.999Z' }, since, undefined)).toBe(true);
    expect(eventTimeWithin({}, since, undefined)).toBe(false);
    expect(eventTimeWithin({}, undefined, undefined)).toBe(true);
  });
});
