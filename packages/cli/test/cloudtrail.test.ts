import { type CloudTrailServer, startAccountServer, startCloudTrailServer } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLines, run, sampleRecords, stratusRecords } from './helpers';

let server: CloudTrailServer;
const records = sampleRecords();
const stratus = stratusRecords();
const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
let arn: string;

beforeAll(async () => {
  server = await startCloudTrailServer();
  server.loadEvents('us-east-1', records as object[]);
  server.loadEvents('eu-west-1', stratus as object[]);
  arn = server.loadEventDataStore('eds-example-0001', [...records, ...stratus] as object[]);
});
afterAll(async () => {
  await server?.stop();
});

const ids = (lines: Array<Record<string, unknown>>) => lines.map((l) => String(l.eventID)).sort();

describe('trailkit scan lookup://', () => {
  it('reads event history of the regions named, with --pattern pushed down as a lookup attribute', async () => {
    const { code, stdout, stderr } = await run(
      [
        'scan',
        'lookup://us-east-1,eu-west-1',
        '--endpoint',
        server.endpoint,
        '--since',
        '2020-01-01T00:00:00Z',
        '--pattern',
        '{ $.eventSource = "cloudtrail.amazonaws.com" }',
        '-f',
        'ndjson',
      ],
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const expected = [...records, ...stratus].filter((e) => e.eventSource === 'cloudtrail.amazonaws.com');
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(parseLines(stdout))).toEqual(expected.map((e) => String(e.eventID)).sort());
    expect(new Set(server.lookupCalls.map((c) => c.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
    expect(server.lookupCalls.every((c) => c.throttled === false)).toBe(true);
  });

  it('finds StopLogging in event history with --rules', async () => {
    const { code, stdout } = await run(
      [
        'scan',
        'lookup://eu-west-1',
        '--endpoint',
        server.endpoint,
        '--since',
        '2020-01-01T00:00:00Z',
        '--pattern',
        '{ $.eventName = "StopLogging" }',
        '--rules',
        'threats',
        '-f',
        'ndjson',
      ],
      env,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/StopLogging/);
    expect(parseLines(stdout).some((l) => l.kind === 'finding')).toBe(true);
  });

  it('reads every enabled region when lookup:// names none', async () => {
    const account = await startAccountServer({
      'us-east-1': 'ENABLED_BY_DEFAULT',
      'eu-west-1': 'ENABLED',
      'me-south-1': 'DISABLED',
    });
    try {
      const before = server.lookupCalls.length;
      const { code, stdout, stderr } = await run(
        [
          'scan',
          'lookup://',
          '--endpoint',
          server.endpoint,
          '--since',
          '2020-01-01T00:00:00Z',
          '--pattern',
          '{ $.eventName = "StopLogging" }',
          '-f',
          'ndjson',
        ],
        { ...env, AWS_ENDPOINT_URL_ACCOUNT: account.endpoint },
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(parseLines(stdout).length).toBeGreaterThan(0);
      const regions = new Set(server.lookupCalls.slice(before).map((c) => c.region));
      expect(regions).toEqual(new Set(['us-east-1', 'eu-west-1']));
    } finally {
      await account.stop();
    }
  });

  it('refuses a region that is not one', async () => {
    const { code, stderr } = await run(['scan', 'lookup://not_a_region', '--endpoint', server.endpoint], env);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is not a region/);
  });
});

describe('trailkit scan lake://', () => {
  it('queries the event data store with time and pattern pushed into SQL', async () => {
    const { code, stdout, stderr } = await run(
      [
        'scan',
        `lake://${arn}`,
        '--endpoint',
        server.endpoint,
        '--since',
        '2023-07-10T12:00:00Z',
        '--until',
        '2023-07-10T12:10:00Z',
        '--pattern',
        '{ $.eventSource = "iam.amazonaws.com" }',
        '-f',
        'ndjson',
      ],
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const expected = records.filter(
      (e) =>
        e.eventSource === 'iam.amazonaws.com' &&
        (e.eventTime as string) >= '2023-07-10T12:00:00Z' &&
        (e.eventTime as string) < '2023-07-10T12:10:00Z',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(parseLines(stdout))).toEqual(expected.map((e) => String(e.eventID)).sort());
    const statement = server.lakeQueries.at(-1)?.statement ?? '';
    expect(statement).toContain("eventSource IN ('iam.amazonaws.com')");
    expect(statement).toContain('FROM eds-example-0001');
  });
});
