import { AthenaQueryError, athenaSource } from '@trailkit/source-athena';
import { ConfigError, ParseError, getOrigin, pattern, where } from '@trailkit/core';
import { type AthenaServer, readSource, startAthenaServer, testReadContext } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invictusRecords, stratusRecords } from './fixtures';

const records = [...invictusRecords(), ...stratusRecords()];
const HOSTILE = 'x\'; DROP TABLE cloudtrail_logs; --\n\\ back\\slash ünï😀 "q"';
const hostileRecord = { ...records[0], eventID: 'hostile-1', eventName: HOSTILE };
const brokenRecord = {
  ...records[1],
  eventID: 'broken-1',
  eventName: 'Broken',
  requestParameters: '{not json',
};

/** A row that is not a CloudTrail event: no eventID (the parser's rule, applied to rows too). */
const idless: Record<string, unknown> = { ...records[2], eventName: 'NoId' };
delete idless.eventID;

let server: AthenaServer;
beforeAll(async () => {
  server = await startAthenaServer({ queuedPolls: 1, runningPolls: 2 });
  server.loadRecords('security', 'cloudtrail_logs', [...records, hostileRecord, brokenRecord, idless]);
});
afterAll(() => server.stop());

const fast = { pollInterval: 1, maxPollInterval: 5 };
const ids = (batches: Array<{ events: Array<{ eventID?: string }> }>) =>
  batches.flatMap((b) => b.events.map((e) => e.eventID));

describe('athenaSource against the local Athena server', () => {
  it('returns exactly the events the filters select, over several pages, in eventtime order', async () => {
    const filters = {
      since: '2023-07-10T12:00:00Z',
      until: '2023-07-10T12:30:00Z',
      accounts: ['123837392027'],
      regions: ['us-east-1'],
      eventSources: ['ssm.amazonaws.com', 'kms.*'],
    };
    const local = where({
      since: filters.since,
      until: filters.until,
      accountId: '123837392027',
      region: 'us-east-1',
      eventSource: filters.eventSources,
    });
    const expected = records.filter((r) => local.test(r) && r.recipientAccountId === '123837392027');
    expect(expected.length).toBeGreaterThan(150);
    for (const values of ['parameters', 'inline'] as const) {
      const source = athenaSource({
        database: 'security',
        table: 'cloudtrail_logs',
        outputLocation: 's3://results/',
        filters,
        queryOptions: { values },
        client: server.client(),
        pageSize: 100,
        batchSize: 40,
        ...fast,
      });
      const before = server.requests.length;
      const { batches } = await readSource(source);
      expect(ids(batches).sort()).toEqual(expected.map((r) => r.eventID).sort());
      const times = batches.flatMap((b) => b.events.map((e) => e.eventTime as string));
      expect(times).toEqual([...times].sort());
      const pages = server.requests.slice(before).filter((r) => r.operation === 'GetQueryResults');
      expect(pages.length).toBe(Math.ceil((expected.length + 1) / 100));
      expect(pages.every((r) => r.input.MaxResults === 100)).toBe(true);
      expect(batches.every((b) => b.events.length <= 40)).toBe(true);
      const query = server.queries.at(-1)!;
      expect(query.database).toBe('security');
      expect(query.outputLocation).toBe('s3://results/');
      expect(values === 'parameters' ? query.executionParameters?.length : query.executionParameters).toBe(
        values === 'parameters' ? 8 : undefined,
      );
      const event = batches[0]!.events[0]!;
      expect(getOrigin(event)).toEqual({
        source: 'athena',
        object: `athena:${query.queryExecutionId}`,
        index: 0,
      });
      expect(event.userIdentity?.accountId).toBe('123837392027');
    }
  });

  it('applies the residual of a pattern SQL cannot express exactly, giving the same answer as pattern()', async () => {
    const p = pattern(
      '{ ($.eventSource = "ec2.amazonaws.com") && (($.resources[0].type = "AWS::EC2::Instance") || $.errorCode = "Client.*") }',
    );
    const expected = records.filter((r) => p.test(r) && r.eventTime >= '2023-01-01T00:00:00Z');
    expect(expected.length).toBeGreaterThan(10);
    const source = athenaSource({
      database: 'security',
      table: 'cloudtrail_logs',
      filters: { since: '2023-01-01T00:00:00Z', until: '2030-01-01T00:00:00Z', pattern: p },
      client: server.client(),
      ...fast,
    });
    const { batches } = await readSource(source);
    expect(ids(batches).sort()).toEqual(expected.map((r) => r.eventID).sort());
    expect(server.queries.at(-1)!.queryString).toContain('eventsource = ?');
  });

  it('finds a record whose value is hostile, by that value, in both value modes', async () => {
    for (const values of ['parameters', 'inline'] as const) {
      const source = athenaSource({
        database: 'security',
        table: 'cloudtrail_logs',
        filters: {
          since: '2000-01-01T00:00:00Z',
          until: '2100-01-01T00:00:00Z',
          eventNames: [HOSTILE, "' OR '1'='1"],
        },
        queryOptions: { values },
        client: server.client(),
        ...fast,
      });
      const { batches } = await readSource(source);
      expect(ids(batches)).toEqual(['hostile-1']);
      expect(batches[0]!.events[0]!.eventName).toBe(HOSTILE);
      expect(server.stateOf(server.queries.at(-1)!.queryExecutionId)).toBe('SUCCEEDED');
    }
  });

  it('resumes the same query from a saved position without duplicates or gaps', async () => {
    const options = {
      database: 'security',
      query: 'SELECT * FROM cloudtrail_logs WHERE eventsource = ? ORDER BY eventid',
      executionParameters: ["'kms.amazonaws.com'"],
      client: server.client(),
      pageSize: 50,
      batchSize: 30,
      ...fast,
    };
    const all = (await readSource(athenaSource(options))).batches;
    const everything = ids(all);
    expect(everything.length).toBe(records.filter((r) => r.eventSource === 'kms.amazonaws.com').length);
    const started = server.queries.length;
    const firstRun = (await readSource(athenaSource(options), { maxBatches: 4 })).batches;
    const position = JSON.parse(JSON.stringify(firstRun.at(-1)!.position));
    const rest = (await readSource(athenaSource(options), { from: position })).batches;
    expect(server.queries.length).toBe(started + 1);
    expect([...ids(firstRun), ...ids(rest)]).toEqual(everything);
  });

  it('fails with ATHENA_RESULTS_UNAVAILABLE when resuming a query Athena does not know', async () => {
    const source = athenaSource({
      database: 'security',
      query: 'SELECT * FROM cloudtrail_logs',
      client: server.client(),
      ...fast,
    });
    const from = { queryExecutionId: '00000000-0000-0000-0000-000000000000', nextToken: null, rowsDone: 10 };
    const error = await readSource(source, { from }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ATHENA_RESULTS_UNAVAILABLE',
      queryExecutionId: from.queryExecutionId,
    });
    expect(server.queries.some((q) => q.queryExecutionId === from.queryExecutionId)).toBe(false);
  });

  it('ends cleanly, without stopping a finished query, when aborted while paging results', async () => {
    const controller = new AbortController();
    const source = athenaSource({
      database: 'security',
      query: 'SELECT * FROM cloudtrail_logs',
      client: server.client(),
      pageSize: 50,
      batchSize: 50,
      ...fast,
    });
    const stoppedBefore = server.stopped.length;
    const seen: number[] = [];
    for await (const batch of source.read(testReadContext({ signal: controller.signal }).ctx)) {
      seen.push(batch.events.length);
      if (seen.length === 2) controller.abort();
    }
    expect(seen.length).toBeLessThanOrEqual(3);
    expect(server.stopped.length).toBe(stoppedBefore);
  });

  it('stops the query when the run is aborted while it runs', async () => {
    const slow = await startAthenaServer({ queuedPolls: 1, runningPolls: 10_000 });
    slow.loadRecords('security', 'cloudtrail_logs', records.slice(0, 10));
    try {
      const controller = new AbortController();
      const source = athenaSource({
        database: 'security',
        query: 'SELECT * FROM cloudtrail_logs',
        client: slow.client(),
        ...fast,
      });
      const reading = readSource(source, { signal: controller.signal });
      while (slow.requests.filter((r) => r.operation === 'GetQueryExecution').length < 3) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      controller.abort();
      expect((await reading).batches).toEqual([]);
      const id = slow.queries[0]!.queryExecutionId;
      expect(slow.stopped).toEqual([id]);
      expect(slow.stateOf(id)).toBe('CANCELLED');
    } finally {
      await slow.stop();
    }
  });

  it("fails with AthenaQueryError carrying Athena's reason", async () => {
    server.failNextQuery('HIVE_BAD_DATA: Error parsing field value');
    const source = athenaSource({
      database: 'security',
      query: 'SELECT * FROM cloudtrail_logs',
      client: server.client(),
      ...fast,
    });
    const error = await readSource(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(AthenaQueryError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'ATHENA_QUERY_FAILED',
      reason: 'HIVE_BAD_DATA: Error parsing field value',
    });
    expect((error as Error).message).toContain((error as AthenaQueryError).queryExecutionId);
  });

  it('retries throttled calls with backoff (SDK retries off)', async () => {
    server.throttleNext(3, ['StartQueryExecution', 'GetQueryResults']);
    const source = athenaSource({
      database: 'security',
      query: `SELECT * FROM cloudtrail_logs WHERE eventname = 'ListBuckets'`,
      client: server.client({ maxAttempts: 1 }),
      ...fast,
    });
    const { batches } = await readSource(source);
    expect(ids(batches).length).toBe(records.filter((r) => r.eventName === 'ListBuckets').length);
    expect(ids(batches).length).toBeGreaterThan(0);
  });

  it('reports a malformed row as a ParseError naming the query and row, and goes on', async () => {
    const source = athenaSource({
      database: 'security',
      query: `SELECT * FROM cloudtrail_logs WHERE eventname IN ('Broken', 'ListBuckets') ORDER BY eventname`,
      client: server.client(),
      ...fast,
    });
    const { batches, invalid } = await readSource(source);
    expect(ids(batches).length).toBe(records.filter((r) => r.eventName === 'ListBuckets').length);
    expect(invalid).toHaveLength(1);
    expect(ParseError.isInstance(invalid[0])).toBe(true);
    expect(invalid[0]!.message).toMatch(
      /^athena:[0-9a-f-]+: row 0: column requestparameters: not valid JSON/,
    );
  });

  it('reports a row that is not a CloudTrail event as PARSE_NOT_CLOUDTRAIL, as every source does', async () => {
    const source = athenaSource({
      database: 'security',
      query: `SELECT * FROM cloudtrail_logs WHERE eventname IN ('NoId', 'ListBuckets') ORDER BY eventname`,
      client: server.client(),
      ...fast,
    });
    const { batches, invalid } = await readSource(source);
    expect(ids(batches).length).toBe(records.filter((r) => r.eventName === 'ListBuckets').length);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ code: 'PARSE_NOT_CLOUDTRAIL' });
    expect(invalid[0]!.message).toMatch(/row \d+: the record is not a CloudTrail event \(no eventID\)/);
  });

  it('validates options with ConfigError', () => {
    expect(() => athenaSource({ database: 'd' } as never)).toThrow(ConfigError);
    expect(() => athenaSource({ database: 'd', query: 'x', filters: { since: 0 } })).toThrow(/exactly one/);
    expect(() => athenaSource({ database: 'd', filters: { since: 0 } })).toThrow(/table is required/);
    expect(() => athenaSource({ database: 'd', query: 'x', pageSize: 1001 })).toThrow(/pageSize/);
    expect(() => athenaSource({ database: 'd', query: 'x', outputLocation: '/tmp' })).toThrow(
      /outputLocation/,
    );
  });
});
