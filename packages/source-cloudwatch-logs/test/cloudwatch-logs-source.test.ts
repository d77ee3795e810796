import { ConfigError, ParseError, getOrigin, pattern } from '@trailkit/core';
import { CloudWatchLogsSourceError, cloudWatchLogsSource } from '@trailkit/source-cloudwatch-logs';
import {
  type CloudWatchLogsServer,
  readSource,
  startCloudWatchLogsServer,
  testReadContext,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIds, invictusRecords, until } from './helpers';

const records = invictusRecords();
const GROUP = 'aws-cloudtrail-logs-123837392027';
const STREAM_A = '123837392027_CloudTrail_us-east-1';
const STREAM_B = '123837392027_CloudTrail_us-east-1_2';
const byTime = [...records].sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime));

let server: CloudWatchLogsServer;
beforeAll(async () => {
  server = await startCloudWatchLogsServer({ pageSize: 97 });
  server.putRecords(
    GROUP,
    STREAM_A,
    records.filter((_r, i) => i % 2 === 0),
  );
  server.putRecords(
    GROUP,
    STREAM_B,
    records.filter((_r, i) => i % 2 === 1),
  );
});
afterAll(() => server.stop());

describe('cloudWatchLogsSource', () => {
  it('reads every event of the group through all pages, parsed, with its log stream as origin', async () => {
    const source = cloudWatchLogsSource({ logGroupName: GROUP, client: server.client(), batchSize: 200 });
    const { batches } = await readSource(source);
    const ids = eventIds(batches);
    expect(ids).toHaveLength(records.length);
    expect(new Set(ids).size).toBe(records.length);
    expect(batches.every((b) => b.events.length <= 200)).toBe(true);
    const times = batches.flatMap((b) => b.events.map((e) => Date.parse(e.eventTime as string)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const first = batches[0]!.events[0]!;
    expect(first).toEqual(records.find((r) => r.eventID === first.eventID));
    expect(getOrigin(first)).toMatchObject({
      source: 'cloudwatch-logs',
      object: expect.stringMatching(`^${GROUP}/123837392027_CloudTrail_us-east-1`),
    });
  });

  it('pushes the filter pattern down and returns what pattern() matches', async () => {
    const p = pattern('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }');
    const before = server.requests.length;
    const source = cloudWatchLogsSource({ logGroupName: GROUP, pattern: p, client: server.client() });
    const ids = eventIds((await readSource(source)).batches);
    expect(ids.sort()).toEqual(
      records
        .filter((r) => p.test(r))
        .map((r) => r.eventID)
        .sort(),
    );
    expect(ids.length).toBeGreaterThan(20);
    const sent = server.requests.slice(before).filter((r) => r.operation === 'FilterLogEvents');
    expect(sent.every((r) => r.input.filterPattern === p.text)).toBe(true);
  });

  it('honours since, until and logStreamNames', async () => {
    const since = '2023-07-10T12:05:00Z';
    const until = '2023-07-10T12:10:00Z';
    const source = cloudWatchLogsSource({
      logGroupName: GROUP,
      logStreamNames: [STREAM_B],
      since,
      until,
      client: server.client(),
    });
    const ids = eventIds((await readSource(source)).batches);
    const expected = records.filter(
      (r, i) =>
        i % 2 === 1 &&
        Date.parse(r.eventTime) >= Date.parse(since) &&
        Date.parse(r.eventTime) <= Date.parse(until),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(ids.sort()).toEqual(expected.map((r) => r.eventID).sort());
  });

  it('resumes from a saved position mid-timestamp without gaps or duplicates', async () => {
    const options = { logGroupName: GROUP, client: server.client(), batchSize: 7, lateness: 0 };
    const full = (await readSource(cloudWatchLogsSource(options))).batches;
    const all = eventIds(full);
    // Stop after the first batch whose last timestamp is shared with the next batch's first event.
    const time = (e: { eventTime?: string } | undefined) => Date.parse(e?.eventTime as string);
    const split = full.findIndex((b, i) => i > 0 && time(b.events.at(-1)) === time(full[i + 1]?.events[0]));
    expect(split).toBeGreaterThan(0);
    const firstRun = (await readSource(cloudWatchLogsSource(options), { maxBatches: split + 1 })).batches;
    const position = JSON.parse(JSON.stringify(firstRun.at(-1)!.position));
    const lastTime = time(firstRun.at(-1)!.events.at(-1));
    expect(position.timestamp).toBe(lastTime);
    expect(position.seenIds.length).toBeGreaterThan(0);
    const rest = eventIds((await readSource(cloudWatchLogsSource(options), { from: position })).batches);
    const resumed = [...eventIds(firstRun), ...rest];
    expect(new Set(resumed).size).toBe(resumed.length);
    expect(resumed.sort()).toEqual([...all].sort());
    // Events at the saved timestamp were delivered in both runs: the resume re-queried that timestamp.
    expect(eventIds(firstRun.slice(-1)).length).toBeGreaterThan(0);
    expect(rest.some((id) => Date.parse(records.find((r) => r.eventID === id)!.eventTime) === lastTime)).toBe(
      true,
    );
  });

  it('follows the group: new, equal-timestamp and late events arrive during the run, none lost or repeated', async () => {
    const group = 'follow-group';
    const now = Date.now();
    const base = byTime
      .slice(0, 100)
      .map((r, i) => ({ ...r, eventID: `base-${i}`, eventTime: new Date(now - 30_000 + i).toISOString() }));
    server.putRecords(group, 's1', base);
    const controller = new AbortController();
    const source = cloudWatchLogsSource({
      logGroupName: group,
      follow: true,
      since: now - 60_000,
      pollInterval: 10,
      lateness: 5_000,
      batchSize: 30,
      client: server.client(),
    });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const batch of source.read(testReadContext({ signal: controller.signal }).ctx)) {
        for (const event of batch.events) seen.push(event.eventID as string);
      }
    })();
    await until(() => seen.length === 100);
    const last = Date.parse(base[99]!.eventTime as string);
    const wave = (prefix: string, count: number, at: (i: number) => number) =>
      byTime
        .slice(100, 100 + count)
        .map((r, i) => ({ ...r, eventID: `${prefix}-${i}`, eventTime: new Date(at(i)).toISOString() }));
    // Same timestamp as the last delivered event, in another stream.
    server.putRecords(
      group,
      's2',
      wave('same', 5, () => last),
    );
    // Late: older than the newest delivered, within the lateness window.
    server.putRecords(
      group,
      's3',
      wave('late', 5, (i) => last - 2_000 + i),
    );
    // New events.
    server.putRecords(
      group,
      's1',
      wave('new', 40, (i) => last + 1 + i),
    );
    await until(() => seen.length >= 150);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a few more polls: nothing must repeat
    controller.abort();
    await reading;
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
    expect(seen.filter((id) => id.startsWith('same-'))).toHaveLength(5);
    expect(seen.filter((id) => id.startsWith('late-'))).toHaveLength(5);
    const polls = server.requests.filter(
      (r) => r.operation === 'FilterLogEvents' && r.input.logGroupName === group,
    );
    expect(polls.length).toBeGreaterThan(5);
  });

  it('retries throttling with backoff; gives up with a typed error after the attempts', async () => {
    server.throttleNext(3, ['FilterLogEvents']);
    const source = cloudWatchLogsSource({
      logGroupName: GROUP,
      client: server.client({ maxAttempts: 1 }),
      batchSize: 1000,
    });
    expect(eventIds((await readSource(source)).batches)).toHaveLength(records.length);
    server.throttleNext(3, ['FilterLogEvents']);
    const impatient = cloudWatchLogsSource({
      logGroupName: GROUP,
      client: server.client({ maxAttempts: 1 }),
      retry: { attempts: 2, baseMs: 1 },
    });
    const error = await readSource(impatient).catch((e: unknown) => e);
    expect(CloudWatchLogsSourceError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'CWL_REQUEST_FAILED',
      message: expect.stringContaining('ThrottlingException'),
    });
    server.throttleNext(0);
  });

  it('fails with CWL_LOG_GROUP_NOT_FOUND for a missing group', async () => {
    const source = cloudWatchLogsSource({ logGroupName: 'nope', client: server.client() });
    await expect(readSource(source)).rejects.toMatchObject({
      code: 'CWL_LOG_GROUP_NOT_FOUND',
      object: 'nope',
    });
  });

  it('reports a message that is not JSON as a ParseError naming the group and stream, and goes on', async () => {
    server.putEvents('mixed', 'stream-x', [
      { timestamp: 1000, message: JSON.stringify(records[0]) },
      { timestamp: 2000, message: 'not json at all' },
      { timestamp: 3000, message: JSON.stringify(records[1]) },
    ]);
    const { batches, invalid } = await readSource(
      cloudWatchLogsSource({ logGroupName: 'mixed', client: server.client() }),
    );
    const ids = eventIds(batches);
    expect(ids).toEqual([records[0]!.eventID, records[1]!.eventID]);
    expect(invalid).toHaveLength(1);
    expect(ParseError.isInstance(invalid[0])).toBe(true);
    expect(invalid[0]).toMatchObject({ code: 'PARSE_INVALID_JSON', input: 'mixed/stream-x' });
  });

  it('validates options with ConfigError', () => {
    expect(() => cloudWatchLogsSource({} as never)).toThrow(ConfigError);
    expect(() => cloudWatchLogsSource({ logGroupName: 'g', pattern: '{ $.x = ' })).toThrow(
      /pattern: filter pattern/,
    );
    expect(() => cloudWatchLogsSource({ logGroupName: 'g', follow: true, until: 5 })).toThrow(
      /until cannot be used with follow/,
    );
    expect(() => cloudWatchLogsSource({ logGroupName: 'g', batchSize: 10_001 })).toThrow(/batchSize/);
    expect(() => cloudWatchLogsSource({ logGroupName: 'g', logStreamNames: [] })).toThrow(/logStreamNames/);
    expect(() => cloudWatchLogsSource({ logGroupName: 'g', since: 'soon' })).toThrow(
      /since is not a valid time/,
    );
  });
});
