import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConfigError, getOrigin, SourceError } from '@trailkit/core';
import {
  putCloudTrailTree,
  readSource,
  type S3Server,
  startS3Server,
  testReadContext,
  type UploadedTree,
} from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { S3AccessDeniedError, S3ThrottledError, s3Source } from '../src/index';
import { realRecords } from './helpers';

const ACCOUNTS = ['111111111111', '222222222222'];
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
const ORG = 'o-abc123defg';

let server: S3Server;
let s3: S3Client;
let tree: UploadedTree;

beforeAll(async () => {
  server = await startS3Server({ buckets: ['org-trail', 'plain-trail', 'faults'] });
  s3 = server.client();
  tree = await putCloudTrailTree(s3, 'org-trail', {
    prefix: 'logs',
    organizationId: ORG,
    accounts: ACCOUNTS,
    regions: REGIONS,
    days: DAYS,
    filesPerDay: 4,
    recordsPerFile: 5,
    records: realRecords(),
    maxDelayMinutes: 15,
    insights: true,
    nonLogObjects: true,
  });
});
afterAll(async () => {
  await server.stop();
});

const base = { bucket: 'org-trail', prefix: 'logs', retry: { attempts: 3, baseMs: 5, maxMs: 20 } };
const ids = (events: { eventID?: string }[]) => events.map((e) => e.eventID!).sort();

describe('s3Source over an org trail (2 accounts x 3 regions x 4 days) on the local S3 server', () => {
  it('reads every log file once, discovering the org, accounts and regions, skipping digests/insights/non-log keys', async () => {
    server.resetRequests();
    const { events, batches } = await readSource(s3Source({ ...base, client: s3, concurrency: 4 }));
    expect(events).toHaveLength(tree.totalRecords);
    expect(ids(events)).toEqual(ids(tree.logFiles.flatMap((f) => f.events)));
    expect(batches.reduce((n, b) => n + (b.objects ?? 0), 0)).toBe(tree.logFiles.length);
    expect(batches.reduce((n, b) => n + (b.bytes ?? 0), 0)).toBe(
      tree.logFiles.reduce((n, f) => n + f.bytes, 0),
    );
    const origin = getOrigin(events[0]!);
    expect(origin?.source).toBe('s3');
    expect(origin?.object).toMatch(/^s3:\/\/org-trail\/logs\/AWSLogs\/o-abc123defg\/\d{12}\/CloudTrail\//);
    // never read a digest, insight or non-log object
    expect(server.count('GetObject')).toBe(tree.logFiles.length);
    expect(server.requests.some((r) => /CloudTrail-(Digest|Insight)/.test(r.key))).toBe(false);
    // listings: AWSLogs/ (finds the org) + the org (accounts) + CloudTrail/ of each account (regions)
    // + one flat listing per region folder (no time range: no year, month or day listings); nothing else
    const lists = server.requests.filter((r) => r.operation === 'ListObjectsV2');
    expect(lists.filter((r) => r.query.prefix === 'logs/AWSLogs/')).toHaveLength(1);
    expect(lists.filter((r) => r.query.prefix === 'logs/AWSLogs/o-abc123defg/')).toHaveLength(1);
    expect(
      lists.filter((r) => /^logs\/AWSLogs\/o-abc123defg\/\d{12}\/CloudTrail\/$/.test(r.query.prefix ?? '')),
    ).toHaveLength(2);
    const regionFolders = lists.filter((r) =>
      /^logs\/AWSLogs\/o-abc123defg\/\d{12}\/CloudTrail\/[a-z0-9-]+\/$/.test(r.query.prefix ?? ''),
    );
    expect(regionFolders).toHaveLength(6);
    expect(regionFolders.every((r) => r.query.delimiter === undefined)).toBe(true);
    expect(lists.filter((r) => r.query.delimiter === '/')).toHaveLength(1 + 1 + 2);
    expect(lists).toHaveLength(1 + 1 + 2 + 6);
    expect(lists.every((r) => r.query.prefix !== undefined && r.query.prefix !== '')).toBe(true);
  });

  it('prunes by account, region and time: lists only the days in range and only named folders', async () => {
    server.resetRequests();
    const since = '2026-11-02T06:00:00Z';
    const until = '2026-11-03T00:00:00Z';
    const { events } = await readSource(
      s3Source({
        ...base,
        client: s3,
        organizationId: ORG,
        accounts: ['222222222222'],
        regions: ['us-east-1'],
        since,
        until,
      }),
    );
    const expected = tree.logFiles
      .filter((f) => f.account === '222222222222' && f.region === 'us-east-1')
      .flatMap((f) => f.events)
      .filter((e) => e.eventTime >= '2026-11-02T06:00:00Z' && e.eventTime < '2026-11-03T00:00:00Z');
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(events)).toEqual(ids(expected));
    // org, account and region given: no discovery listing at all; days 11-02 and 11-03 (look-back) only
    const lists = server.requests.filter((r) => r.operation === 'ListObjectsV2');
    expect(lists.map((r) => r.query.prefix)).toEqual([
      'logs/AWSLogs/o-abc123defg/222222222222/CloudTrail/us-east-1/2026/11/02/',
      'logs/AWSLogs/o-abc123defg/222222222222/CloudTrail/us-east-1/2026/11/03/',
    ]);
    // listing starts at the first file time in range (since minus the 15-minute look-back)
    expect(lists[0]?.query['start-after']).toBe(
      'logs/AWSLogs/o-abc123defg/222222222222/CloudTrail/us-east-1/2026/11/02/222222222222_CloudTrail_us-east-1_20261102T0545Z',
    );
    // only files that can hold events in range were fetched
    expect(server.count('GetObject')).toBeLessThanOrEqual(4);
  });

  it('keeps events near the boundary that sit in a file named after `until` (look-back)', async () => {
    // files at 00:05, 06:05, 12:05, 18:05; records up to 15 min before their file time
    const file = tree.logFiles.find(
      (f) => f.account === '111111111111' && f.region === 'eu-west-1' && f.key.includes('20261102T0605Z'),
    )!;
    const early = file.events.map((e) => e.eventTime).sort()[0]!;
    expect(early < '2026-11-02T06:00:00Z').toBe(true); // an event before 06:00 in the 06:05 file
    const { events } = await readSource(
      s3Source({
        ...base,
        client: s3,
        accounts: ['111111111111'],
        regions: ['eu-west-1'],
        since: '2026-11-02T00:30:00Z',
        until: '2026-11-02T06:00:00Z',
      }),
    );
    expect(events.map((e) => e.eventID)).toContain(file.events.find((e) => e.eventTime === early)!.eventID);
    for (const event of events) {
      expect(event.eventTime! >= '2026-11-02T00:30:00Z' && event.eventTime! < '2026-11-02T06:00:00Z').toBe(
        true,
      );
    }
  });

  it('resumes after the last fully processed key per account/region, with concurrency', async () => {
    const options = { ...base, client: s3, accounts: ['111111111111'], concurrency: 3, batchSize: 2 };
    const all = await readSource(s3Source(options));
    // stop part-way, then resume from the last position the first run yielded
    const first = await readSource(s3Source(options), { maxBatches: 17 });
    const resumed = await readSource(s3Source(options), { from: first.last });
    const seen = new Set([...first.events, ...resumed.events].map((e) => e.eventID));
    expect(seen.size).toBe(all.events.length); // nothing lost
    // only objects in flight at the stop are read twice: at most concurrency objects x 5 records
    expect(first.events.length + resumed.events.length - all.events.length).toBeLessThanOrEqual(3 * 5);
    expect(resumed.events.length).toBeLessThan(all.events.length);
    // a resumed run from the final position reads nothing and lists only the last day folders
    server.resetRequests();
    const none = await readSource(s3Source(options), { from: all.last });
    expect(none.events).toHaveLength(0);
    expect(server.count('GetObject')).toBe(0);
  });

  it('listing(): the objects and bytes to read, known ahead of the reads; complete before the last object', async () => {
    const source = s3Source({ ...base, client: s3, concurrency: 1, batchSize: 1000, listAhead: 10_000 });
    expect(source.listing()).toEqual({ objects: 0, bytes: 0, complete: false });
    const files = tree.logFiles;
    const { ctx } = testReadContext();
    const seen: Array<{ objects: number; listed: number; complete: boolean }> = [];
    let objects = 0;
    for await (const batch of source.read(ctx)) {
      objects += batch.objects ?? 0;
      const l = source.listing();
      seen.push({ objects, listed: l.objects, complete: l.complete });
    }
    expect(source.listing()).toEqual({
      objects: files.length,
      bytes: files.reduce((n, f) => n + f.bytes, 0),
      complete: true,
    });
    // the listing ran ahead: more listed than read at the first object, all of it before the last
    expect(seen[0]!.listed).toBeGreaterThan(seen[0]!.objects);
    expect(seen.find((s) => s.complete)!.objects).toBeLessThan(files.length);
    // listAhead bounds it: with 2, never more than 2 (+ the one being read) listed past what was read
    const bounded = s3Source({ ...base, client: s3, concurrency: 1, batchSize: 1000, listAhead: 2 });
    let read = 0;
    for await (const batch of bounded.read(testReadContext().ctx)) {
      read += batch.objects ?? 0;
      const l = bounded.listing();
      expect(l.objects).toBeLessThanOrEqual(read + 4);
      if (read < files.length - 4) expect(l.complete).toBe(false);
    }
    expect(bounded.listing()).toMatchObject({ objects: files.length, complete: true });
    // by default (0) the listing is pulled only as objects are read
    const lazy = s3Source({ ...base, client: s3, concurrency: 1, batchSize: 1000 });
    read = 0;
    for await (const batch of lazy.read(testReadContext().ctx)) {
      read += batch.objects ?? 0;
      expect(lazy.listing().objects).toBeLessThanOrEqual(read + 2);
    }
    expect(lazy.listing()).toMatchObject({ objects: files.length, complete: true });
  });

  it('listing() after a resume counts only what is left', async () => {
    const options = { ...base, client: s3, accounts: ['111111111111'], concurrency: 2, listAhead: 100 };
    const first = await readSource(s3Source(options), { maxBatches: 5 });
    const all = s3Source(options);
    await readSource(all);
    const resumed = s3Source(options);
    const rest = await readSource(resumed, { from: first.last });
    expect(resumed.listing().complete).toBe(true);
    expect(resumed.listing().objects).toBe(rest.batches.reduce((n, b) => n + (b.objects ?? 0), 0));
    expect(resumed.listing().objects).toBeLessThan(all.listing().objects);
  });

  it('reads digest files as objects without events when asked', async () => {
    const { events, batches } = await readSource(
      s3Source({
        ...base,
        client: s3,
        accounts: ['111111111111'],
        regions: ['us-east-1'],
        includeDigests: true,
      }),
    );
    const logs = tree.logFiles.filter((f) => f.account === '111111111111' && f.region === 'us-east-1');
    expect(events).toHaveLength(logs.length * 5);
    expect(batches.reduce((n, b) => n + (b.objects ?? 0), 0)).toBe(logs.length + DAYS.length);
  });

  it('reads Insights files when asked', async () => {
    const { events } = await readSource(
      s3Source({
        ...base,
        client: s3,
        accounts: ['111111111111'],
        regions: ['us-east-1'],
        includeInsights: true,
      }),
    );
    expect(events.filter((e) => e.eventType === 'AwsCloudTrailInsight')).toHaveLength(DAYS.length);
  });

  it('reads a trail without prefix or org, discovering days with delimiter listings', async () => {
    const small = await putCloudTrailTree(s3, 'plain-trail', {
      accounts: ['333333333333'],
      regions: ['ap-south-1'],
      days: ['2025-12-31', '2026-01-01'],
      recordsPerFile: 3,
    });
    const { events } = await readSource(s3Source({ bucket: 'plain-trail', client: s3 }));
    expect(ids(events)).toEqual(ids(small.logFiles.flatMap((f) => f.events)));
  });
});

describe('s3Source errors and retries', () => {
  it('retries SlowDown (503) on GetObject and on listing, then succeeds', async () => {
    const noSdkRetry = server.client({ maxAttempts: 1 });
    server.injectFault({ operation: 'GetObject', times: 2, status: 503, code: 'SlowDown' });
    server.injectFault({ operation: 'ListObjectsV2', times: 1, status: 503, code: 'SlowDown' });
    const { events } = await readSource(
      s3Source({
        ...base,
        client: noSdkRetry,
        accounts: ['111111111111'],
        regions: ['us-west-2'],
        since: '2026-11-04',
        until: '2026-11-05',
      }),
    );
    const expected = tree.logFiles
      .filter((f) => f.account === '111111111111' && f.region === 'us-west-2')
      .flatMap((f) => f.events)
      .filter((e) => e.eventTime >= '2026-11-04');
    expect(ids(events)).toEqual(ids(expected));
  });

  it('reports persistent throttling as S3ThrottledError naming the object', async () => {
    const noSdkRetry = server.client({ maxAttempts: 1 });
    server.resetRequests();
    server.injectFault({
      operation: 'GetObject',
      key: /us-west-2_20261104T0605Z/,
      times: 10,
      status: 503,
      code: 'SlowDown',
    });
    const error = await readSource(
      s3Source({
        ...base,
        client: noSdkRetry,
        accounts: ['111111111111'],
        regions: ['us-west-2'],
        since: '2026-11-04',
        until: '2026-11-05',
      }),
    ).catch((e: unknown) => e);
    expect(
      server.count('GetObject', (r) => r.key.includes('us-west-2_20261104T0605Z') && r.status === 503),
    ).toBe(3);
    server.clearFaults();
    expect(S3ThrottledError.isInstance(error)).toBe(true);
    expect(SourceError.isInstance(error)).toBe(true);
    expect((error as S3ThrottledError).object).toMatch(
      /^s3:\/\/org-trail\/logs\/AWSLogs\/.*us-west-2_20261104T0605Z_.*\.json\.gz$/,
    );
    expect((error as S3ThrottledError).attempts).toBe(3);
  });

  it('reports AccessDenied without retrying', async () => {
    server.injectFault({ operation: 'GetObject', status: 403, code: 'AccessDenied' });
    server.resetRequests();
    const error = await readSource(
      s3Source({
        ...base,
        client: server.client({ maxAttempts: 1 }),
        accounts: ['222222222222'],
        regions: ['eu-west-1'],
        since: '2026-11-04',
        until: '2026-11-05',
      }),
    ).catch((e: unknown) => e);
    expect(S3AccessDeniedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /s3:\/\/org-trail\/logs\/AWSLogs\/.*222222222222.*access denied/,
    );
  });

  it('passes bad records to onInvalid with the object name and goes on', async () => {
    const key =
      'AWSLogs/444444444444/CloudTrail/us-east-1/2026/11/01/444444444444_CloudTrail_us-east-1_20261101T0005Z_badbadbadbadbad1.json.gz';
    const good = '{"eventVersion":"1.08","eventID":"a","eventTime":"2026-11-01T00:01:00Z"}';
    await s3.send(
      new PutObjectCommand({
        Bucket: 'faults',
        Key: key,
        Body: gzipSync(`{"Records":[${good},42,${good.replace('"a"', '"b"')}]}`),
      }),
    );
    const { events, invalid } = await readSource(s3Source({ bucket: 'faults', client: s3 }));
    expect(events.map((e) => e.eventID)).toEqual(['a', 'b']);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.input).toBe(`s3://faults/${key}`);
    expect(invalid[0]?.recordIndex).toBe(1);
  });

  it('bounds time by eventTime, else @timestamp (Logstash), like every source; no readable time is out', async () => {
    const key =
      'AWSLogs/666666666666/CloudTrail/us-east-1/2026/11/06/666666666666_CloudTrail_us-east-1_20261106T1200Z_stampstampstamp1.json.gz';
    const record = (eventID: string, time: Record<string, string>) => ({
      eventVersion: '1.08',
      eventID,
      ...time,
    });
    const records = [
      record('stamp-in', { '@timestamp': '2026-11-06T12:00:00.000Z' }),
      record('stamp-out', { '@timestamp': '2026-11-07T12:00:00.000Z' }),
      record('time-in', { eventTime: '2026-11-06T12:01:00Z', '@timestamp': '2026-11-09T00:00:00.000Z' }),
      record('unreadable', { '@timestamp': 'yesterday' }),
    ];
    await s3.send(
      new PutObjectCommand({
        Bucket: 'faults',
        Key: key,
        Body: gzipSync(JSON.stringify({ Records: records })),
      }),
    );
    const { events } = await readSource(
      s3Source({
        bucket: 'faults',
        client: s3,
        accounts: ['666666666666'],
        since: '2026-11-06T00:00:00Z',
        until: '2026-11-07T00:00:00Z',
      }),
    );
    expect(events.map((e) => e.eventID)).toEqual(['stamp-in', 'time-in']);
  });

  it('re-reads an object whose body is cut mid-way, skipping what was delivered: no loss, no repeat', async () => {
    const records = realRecords(1500).map((r, i) => ({
      ...r,
      eventID: `cut-${i}`,
      eventTime: '2026-11-05T00:01:00Z',
    }));
    const key =
      'AWSLogs/555555555555/CloudTrail/us-east-1/2026/11/05/555555555555_CloudTrail_us-east-1_20261105T0005Z_cutcutcutcutcut1.json.gz';
    const body = gzipSync(JSON.stringify({ Records: records }));
    await s3.send(new PutObjectCommand({ Bucket: 'faults', Key: key, Body: body }));
    server.resetRequests();
    server.injectFault({ operation: 'GetObject', key, truncateAfterBytes: Math.floor(body.length / 2) });
    const { events, batches } = await readSource(
      s3Source({
        bucket: 'faults',
        client: s3,
        accounts: ['555555555555'],
        batchSize: 50,
        retry: { baseMs: 1, maxMs: 5 },
      }),
    );
    expect(server.count('GetObject', (r) => r.key === key)).toBe(2);
    // some events came from the first (cut) read, the rest from the second
    expect(batches.length).toBeGreaterThan(2);
    expect(events.map((e) => e.eventID)).toEqual(records.map((r) => r.eventID));
  });

  it('stops promptly when the run is aborted', async () => {
    const controller = new AbortController();
    let count = 0;
    const source = s3Source({ ...base, client: s3, concurrency: 4, batchSize: 1 });
    const reading = (async () => {
      for await (const _ of source.read({
        signal: controller.signal,
        log: { debug() {}, info() {}, warn() {}, error() {} },
        onInvalid() {},
      })) {
        count += 1;
        if (count === 3) controller.abort();
      }
    })();
    await reading.catch((error: unknown) => expect((error as Error).name).toBe('AbortError'));
    expect(count).toBeLessThanOrEqual(4);
  });

  it('validates options with ConfigError', () => {
    expect(() => s3Source({ bucket: '' })).toThrow(/bucket must be a non-empty string/);
    expect(() => s3Source({ bucket: 'b', accounts: ['123'] })).toThrow(/12-digit/);
    expect(() => s3Source({ bucket: 'b', since: 'yesterday-ish' })).toThrow(/since is not a valid time/);
    expect(() => s3Source({ bucket: 'b', since: '2026-11-02', until: '2026-11-01' })).toThrow(/before until/);
    expect(() => s3Source({ bucket: 'b', concurrency: 0 })).toThrow(/concurrency/);
    expect(() => s3Source({ bucket: 'b', client: s3, clientConfig: {} })).toThrow(
      /client or clientConfig, not both/,
    );
    try {
      s3Source({ bucket: 'b', organizationId: 'org' });
    } catch (error) {
      expect(ConfigError.isInstance(error)).toBe(true);
    }
  });
});
