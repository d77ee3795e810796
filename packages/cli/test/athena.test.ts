import { type AthenaServer, startAthenaServer } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLines, run, sampleRecords } from './helpers';

let athena: AthenaServer;
const records = sampleRecords();
const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

beforeAll(async () => {
  athena = await startAthenaServer();
  athena.loadRecords('security', 'cloudtrail_logs', records as object[]);
});
afterAll(async () => {
  await athena?.stop();
});

describe('trailkit scan athena://', () => {
  it('queries a CloudTrail table with time and pattern pushed into SQL', async () => {
    const { code, stdout, stderr } = await run(
      [
        'scan',
        'athena://security.cloudtrail_logs',
        '--endpoint',
        athena.endpoint,
        '--since',
        '2023-07-10T12:00:00Z',
        '--until',
        '2023-07-10T12:10:00Z',
        '--pattern',
        '{ $.eventSource = "iam.amazonaws.com" }',
        '--workgroup',
        'primary',
        '--output-location',
        's3://athena-results/',
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
        e.eventTime! >= '2023-07-10T12:00:00Z' &&
        e.eventTime! < '2023-07-10T12:10:00Z',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(
      parseLines(stdout)
        .map((l) => l.eventID)
        .sort(),
    ).toEqual(expected.map((e) => e.eventID).sort());
    const [query] = athena.queries;
    expect(query?.workGroup).toBe('primary');
    // pushed down as parameters: the time window and the pattern's eventSource
    expect(query?.queryString).toMatch(/eventtime >= \?/);
    expect(query?.queryString).toMatch(/eventsource = \?/);
    expect(query?.executionParameters).toEqual(expect.arrayContaining(["'iam.amazonaws.com'"]));
  });

  it('needs --since', async () => {
    const { code, stderr } = await run(
      ['scan', 'athena://security.cloudtrail_logs', '--endpoint', athena.endpoint],
      env,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/^trailkit: athena:\/\/ needs --since/);
  });
});
