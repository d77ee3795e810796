import { pattern, type Position } from '@trailkit/core';
import { type CloudTrailServer, readSource, startCloudTrailServer } from '@trailkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudTrailSourceError, cloudTrailLakeSource, lakeStatement } from '../src/index';
import { ids, invictusRecords } from './helpers';

const RECORDS = invictusRecords().slice(0, 400);
const STORE = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

let server: CloudTrailServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(options: Parameters<typeof startCloudTrailServer>[0] = {}) {
  server = await startCloudTrailServer(options);
  const arn = server.loadEventDataStore(STORE, RECORDS);
  return { s: server, arn };
}

const FAST = { pollInterval: 5, maxPollInterval: 10 };

describe('cloudTrailLakeSource', () => {
  it('runs the query, pages through the results and maps rows back to records', async () => {
    const { s, arn } = await start();
    const { events, batches } = await readSource(
      cloudTrailLakeSource({ eventDataStore: arn, client: s.client(), pageSize: 150, ...FAST }),
    );
    expect(ids(events)).toEqual(ids(RECORDS));
    expect(batches).toHaveLength(3);
    const byId = new Map(RECORDS.map((r) => [r.eventID, r]));
    for (const event of events) {
      const record = byId.get(event.eventID) as Record<string, any>;
      expect(event.eventTime).toBe(record.eventTime);
      expect(event.eventName).toBe(record.eventName);
      expect(event.userIdentity?.arn).toBe(record.userIdentity?.arn);
      expect(event.readOnly).toBe(record.readOnly);
      expect(event.requestParameters ?? null).toEqual(record.requestParameters ?? null);
    }
    // in eventTime order
    const times = events.map((e) => e.eventTime as string);
    expect(times).toEqual([...times].sort());
  });

  it('pushes the filter into SQL: the same events as filtering locally', async () => {
    const { s, arn } = await start();
    const text = '{ ($.eventName = "GetSecretValue") || ($.eventName = "PutParameter") }';
    const filters = { pattern: text, where: { hasError: false }, since: '2023-07-10T11:50:00Z' };
    const local = pattern(text);
    const expected = RECORDS.filter(
      (r) => local.test(r as never) && !r.errorCode && r.eventTime >= '2023-07-10T11:50:00Z',
    );
    expect(expected.length).toBeGreaterThan(0);
    const { events } = await readSource(
      cloudTrailLakeSource({ eventDataStore: arn, client: s.client(), filters, ...FAST }),
    );
    expect(ids(events)).toEqual(ids(expected));
    const statement = s.lakeQueries[0]?.statement ?? '';
    expect(statement).toContain("eventName IN ('GetSecretValue', 'PutParameter')");
    expect(statement).toContain("eventTime >= '2023-07-10 11:50:00'");
    expect(statement).toBe(lakeStatement(arn, filters));
  });

  it('keeps values out of the SQL text (escaped literals)', async () => {
    const { s, arn } = await start();
    const hostile = "x' OR '1'='1";
    const { events } = await readSource(
      cloudTrailLakeSource({
        eventDataStore: arn,
        client: s.client(),
        filters: { where: { eventName: hostile } },
        ...FAST,
      }),
    );
    expect(events).toEqual([]);
    expect(s.lakeQueries[0]?.statement).toContain("eventName IN ('x'' OR ''1''=''1')");
    expect(s.lakeQueries[0]?.state).toBe('FINISHED');
    expect(() => lakeStatement(arn, { where: { eventName: 'a\u0000b' } })).toThrow(TypeError);
    expect(() => lakeStatement('eds; DROP', {})).toThrow();
  });

  it('cancels the query when the read is aborted while it runs', async () => {
    const { s, arn } = await start({ queuedPolls: 10_000 });
    const controller = new AbortController();
    const read = readSource(cloudTrailLakeSource({ eventDataStore: arn, client: s.client(), ...FAST }), {
      signal: controller.signal,
    });
    while (s.lakeQueries.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    const { events } = await read;
    expect(events).toEqual([]);
    expect(s.lakeQueries[0]?.state).toBe('CANCELLED');
  });

  it('resumes with the next page of the same query after a kill, 0 lost', async () => {
    const { s, arn } = await start();
    const options = { eventDataStore: arn, client: s.client(), pageSize: 100, ...FAST };
    const first = await readSource(cloudTrailLakeSource(options), { maxBatches: 2 });
    const second = await readSource(cloudTrailLakeSource(options), { from: first.last as Position });
    expect(ids([...first.events, ...second.events])).toEqual(ids(RECORDS));
    expect(s.lakeQueries).toHaveLength(1);
  });

  it('fails with CLOUDTRAIL_QUERY_FAILED when the query fails', async () => {
    const { s } = await start();
    const source = cloudTrailLakeSource({ eventDataStore: 'no-such-store', client: s.client(), ...FAST });
    const error = await readSource(source).catch((e: unknown) => e);
    expect(CloudTrailSourceError.isInstance(error)).toBe(true);
    expect((error as CloudTrailSourceError).code).toBe('CLOUDTRAIL_QUERY_FAILED');
  });
});
