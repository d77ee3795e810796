import { getOrigin, pattern, type Position } from '@trailkit/core';
import { AccountClient } from '@aws-sdk/client-account';
import {
  type CloudTrailServer,
  readSource,
  startAccountServer,
  startCloudTrailServer,
} from '@trailkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { enabledRegions, lookupEventsSource } from '../src/index';
import { ids, invictusRecords } from './helpers';

const RECORDS = invictusRecords();
const EAST = RECORDS.slice(0, 160);
const WEST: Array<Record<string, any>> = RECORDS.slice(160, 260).map((r) => ({
  ...r,
  awsRegion: 'eu-west-1',
}));
const SINCE = '2023-07-01T00:00:00Z';

let server: CloudTrailServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(lookupCallsPerSecond: number) {
  server = await startCloudTrailServer({ lookupCallsPerSecond });
  server.loadEvents('us-east-1', EAST);
  server.loadEvents('eu-west-1', WEST);
  return server;
}

const calls = (s: CloudTrailServer) => s.lookupCalls.filter((c) => !c.throttled).length;

describe('lookupEventsSource', () => {
  it('reads every region at once, page by page, and parses CloudTrailEvent with core', async () => {
    const s = await start(100);
    const source = lookupEventsSource({
      clientConfig: s.clientConfig,
      regions: ['us-east-1', 'eu-west-1'],
      filters: { since: SINCE },
      callsPerSecond: 100,
    });
    const { events, batches } = await readSource(source);
    expect(ids(events)).toEqual(ids([...EAST, ...WEST]));
    // 160 events in pages of 50 = 4 calls, 100 = 2 calls
    expect(s.lookupCalls.filter((c) => c.region === 'us-east-1')).toHaveLength(4);
    expect(s.lookupCalls.filter((c) => c.region === 'eu-west-1')).toHaveLength(2);
    expect(batches).toHaveLength(6);
    const west = events.filter((e) => e.awsRegion === 'eu-west-1');
    expect(getOrigin(west[0] as object)).toMatchObject({
      source: 'lookup-events',
      object: 'lookup://eu-west-1',
    });
  });

  it('pushes one lookup attribute down: same events as filtering locally, fewer calls', async () => {
    const s = await start(100);
    const text = '{ $.eventSource = "sts.amazonaws.com" }';
    const local = pattern(text);
    const expected = [...EAST, ...WEST].filter((r) => local.test(r as never));
    expect(expected.length).toBeGreaterThan(0);
    const source = lookupEventsSource({
      clientConfig: s.clientConfig,
      regions: ['us-east-1', 'eu-west-1'],
      filters: { since: SINCE, pattern: text },
      callsPerSecond: 100,
    });
    const { events } = await readSource(source);
    expect(ids(events)).toEqual(ids(expected));
    expect(
      s.lookupCalls.every(
        (c) =>
          JSON.stringify(c.input.LookupAttributes) ===
          JSON.stringify([{ AttributeKey: 'EventSource', AttributeValue: 'sts.amazonaws.com' }]),
      ),
    ).toBe(true);
    // without pushdown the same read takes 6 calls
    expect(calls(s)).toBe(2);
  });

  it('keeps filtering locally what it cannot push down', async () => {
    const s = await start(100);
    const source = lookupEventsSource({
      clientConfig: s.clientConfig,
      regions: ['us-east-1'],
      filters: { since: SINCE, where: { errorCode: 'AccessDenied*', eventSource: 'ec2.amazonaws.com' } },
      callsPerSecond: 100,
    });
    const { events } = await readSource(source);
    const expected = EAST.filter(
      (r) => r.eventSource === 'ec2.amazonaws.com' && /^AccessDenied/.test(r.errorCode ?? ''),
    );
    expect(ids(events)).toEqual(ids(expected));
    expect(s.lookupCalls[0]?.input.LookupAttributes).toEqual([
      { AttributeKey: 'EventSource', AttributeValue: 'ec2.amazonaws.com' },
    ]);
  });

  it('holds the rate limit of 2 calls per second per region (measured in the server)', async () => {
    const s = await start(2);
    const source = lookupEventsSource({
      clientConfig: s.clientConfig,
      regions: ['us-east-1', 'eu-west-1'],
      filters: { since: SINCE },
    });
    const began = Date.now();
    const { events } = await readSource(source);
    const seconds = (Date.now() - began) / 1000;
    expect(events).toHaveLength(EAST.length + WEST.length);
    expect(s.lookupCalls.filter((c) => c.throttled)).toEqual([]);
    for (const region of ['us-east-1', 'eu-west-1']) {
      const times = s.lookupCalls.filter((c) => c.region === region).map((c) => c.time);
      const span = ((times.at(-1) as number) - (times[0] as number)) / 1000;
      // n calls spaced 500 ms apart take at least (n - 1) / 2 seconds (a little jitter allowed)
      expect(span).toBeGreaterThanOrEqual((times.length - 1) / 2 - 0.05);
    }
    console.log(
      `LookupEvents at 2 calls/s, 2 regions: ${events.length} events in ${seconds.toFixed(2)} s = ${(events.length / seconds).toFixed(0)} events/s`,
    );
  });

  it('retries throttling answers', async () => {
    const s = await start(100);
    s.throttleNext(2, ['LookupEvents']);
    const source = lookupEventsSource({
      clientConfig: s.clientConfig,
      regions: ['us-east-1'],
      filters: { since: SINCE },
      callsPerSecond: 100,
    });
    const { events } = await readSource(source);
    expect(ids(events)).toEqual(ids(EAST));
  });

  it('resumes per region after a kill with 0 events lost', async () => {
    const s = await start(100);
    const options = {
      clientConfig: s.clientConfig,
      regions: ['us-east-1', 'eu-west-1'],
      filters: { since: SINCE },
      callsPerSecond: 100,
    };
    const first = await readSource(lookupEventsSource(options), { maxBatches: 3 });
    const position = first.last as Position;
    const second = await readSource(lookupEventsSource(options), { from: position });
    const all = [...first.events, ...second.events];
    expect(ids(all)).toEqual(ids([...EAST, ...WEST]));
    expect(second.events.length).toBe(EAST.length + WEST.length - first.events.length);
  });

  it('reads every enabled region of the account (ListRegions) when given enabledRegions()', async () => {
    const s = await start(100);
    const account = await startAccountServer({
      'us-east-1': 'ENABLED_BY_DEFAULT',
      'eu-west-1': 'ENABLED',
      'ap-east-1': 'DISABLED',
    });
    try {
      const client = new AccountClient({
        endpoint: account.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      const source = lookupEventsSource({
        clientConfig: s.clientConfig,
        regions: enabledRegions({ client }),
        filters: { since: SINCE },
        callsPerSecond: 100,
      });
      const { events } = await readSource(source);
      expect(ids(events)).toEqual(ids([...EAST, ...WEST]));
      expect(new Set(s.lookupCalls.map((c) => c.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
      expect(account.listRegionsCalls[0]?.RegionOptStatusContains).toEqual(['ENABLED', 'ENABLED_BY_DEFAULT']);
    } finally {
      await account.stop();
    }
  });
});
