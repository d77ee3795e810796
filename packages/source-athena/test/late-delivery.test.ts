import { athenaSource, buildQuery } from '@trailkit/source-athena';
import { type AthenaServer, readSource, startAthenaServer } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invictusRecords } from './fixtures';
import { seededRandom } from './sql-tokens';

// Issue 12. The real invictus records (55 minutes of one account) moved to 23:20–00:16 around midnight of
// 2023-07-10, each delivered 0–15 minutes after it happened (as CloudTrail does) into the date partition of
// its delivery time, as the S3 folder `YYYY/MM/DD` of the log file holds it.
const SHIFT_MS = Date.parse('2023-07-10T23:20:00Z') - Date.parse('2023-07-10T11:42:00Z');
const random = seededRandom(12);
const records = invictusRecords().map((record) => {
  const eventMs = Date.parse(record.eventTime) + SHIFT_MS;
  const deliveredMs = eventMs + Math.floor(random() * 15 * 60_000);
  return {
    record: { ...record, eventTime: new Date(eventMs).toISOString().replace('.000Z', 'Z') } as Record<
      string,
      any
    >,
    partition: new Date(deliveredMs).toISOString().slice(0, 10).replaceAll('-', '/'),
  };
});

let server: AthenaServer;
beforeAll(async () => {
  server = await startAthenaServer({ queuedPolls: 0, runningPolls: 0 });
  for (const day of new Set(records.map((r) => r.partition))) {
    const delivered = records.filter((r) => r.partition === day).map((r) => r.record);
    server.loadRecords('security', 'late_delivery', delivered, { timestamp: day });
  }
});
afterAll(() => server.stop());

async function read(filters: { since: string; until: string }, deliveryDelayMinutes?: number) {
  const source = athenaSource({
    database: 'security',
    table: 'late_delivery',
    filters,
    queryOptions: deliveryDelayMinutes === undefined ? {} : { deliveryDelayMinutes },
    client: server.client(),
    pollInterval: 0,
  });
  return (await readSource(source)).events.map((event) => event.eventID as string).sort();
}

const idsBetween = (since: string, until: string) =>
  records
    .filter((r) => r.record.eventTime >= since && r.record.eventTime < until)
    .map((r) => r.record.eventID as string)
    .sort();

describe('issue 12: events delivered into the next day partition', () => {
  it('the data really has events of the last minutes before midnight in the next day partition', () => {
    const late = records.filter((r) => r.record.eventTime < '2023-07-11' && r.partition === '2023/07/11');
    expect(late.length).toBeGreaterThan(50);
    expect(late.every((r) => r.record.eventTime >= '2023-07-10T23:45:00Z')).toBe(true);
    expect(records.some((r) => r.record.eventTime >= '2023-07-11')).toBe(true);
  });

  it('returns every event before a midnight until, including 23:50–23:59 ones in the next partition', async () => {
    const filters = { since: '2023-07-10T12:00:00Z', until: '2023-07-11T00:00:00Z' };
    expect(buildQuery(filters, { table: 'late_delivery' }).dateRange).toEqual({
      from: '2023/07/10',
      to: '2023/07/11',
    });
    const got = await read(filters);
    const expected = idsBetween(filters.since, filters.until);
    expect(got).toEqual(expected);
    const lastMinutes = records.filter(
      (r) => r.record.eventTime >= '2023-07-10T23:50:00Z' && r.record.eventTime < '2023-07-11',
    );
    expect(lastMinutes.filter((r) => r.partition === '2023/07/11').length).toBeGreaterThan(10);
    expect(got).toEqual(expect.arrayContaining(lastMinutes.map((r) => r.record.eventID)));
    // Events after until, in the same next-day partition, are not returned.
    const after = records.filter((r) => r.record.eventTime >= '2023-07-11').map((r) => r.record.eventID);
    expect(after.length).toBeGreaterThan(0);
    expect(got.filter((id) => after.includes(id))).toEqual([]);
  });

  it('returns the late events of an until before midnight too, and nothing from after it', async () => {
    const filters = { since: '2023-07-10T23:00:00Z', until: '2023-07-10T23:55:00Z' };
    expect(await read(filters)).toEqual(idsBetween(filters.since, filters.until));
  });

  it('needs no widening before since: earlier events in the since partition are cut by eventtime', async () => {
    const filters = { since: '2023-07-11T00:00:00Z', until: '2023-07-11T06:00:00Z' };
    expect(buildQuery(filters, { table: 'late_delivery' }).dateRange.from).toBe('2023/07/11');
    const got = await read(filters);
    expect(got).toEqual(idsBetween(filters.since, filters.until));
    const earlierInPartition = records.filter(
      (r) => r.partition === '2023/07/11' && r.record.eventTime < filters.since,
    );
    expect(earlierInPartition.length).toBeGreaterThan(0);
  });

  it('misses the late events when the delay is turned off (what the issue reported)', async () => {
    const filters = { since: '2023-07-10T12:00:00Z', until: '2023-07-11T00:00:00Z' };
    const got = await read(filters, 0);
    const expected = idsBetween(filters.since, filters.until);
    const missed = expected.filter((id) => !got.includes(id));
    expect(missed.length).toBeGreaterThan(50);
  });
});
