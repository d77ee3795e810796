import { type CloudWatchLogsServer, startCloudWatchLogsServer } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLines, run, stratusRecords } from './helpers';

const GROUP = 'aws-cloudtrail-logs-test';
let cwl: CloudWatchLogsServer;
const records = stratusRecords();
const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

beforeAll(async () => {
  cwl = await startCloudWatchLogsServer({ pageSize: 25 });
  // a trail delivering to CloudWatch Logs: one log event per record, timestamped with its eventTime
  cwl.putEvents(
    GROUP,
    '123456789012_CloudTrail_us-east-1',
    records
      .map((r) => ({ timestamp: Date.parse(r.eventTime!), message: JSON.stringify(r) }))
      .sort((a, b) => a.timestamp - b.timestamp),
  );
});
afterAll(async () => {
  await cwl?.stop();
});

describe('trailkit scan cwl://', () => {
  it('reads a log group with the pattern pushed down', async () => {
    const pattern = '{ $.eventSource = "cloudtrail.amazonaws.com" }';
    const { code, stdout, stderr } = await run(
      [
        'scan',
        `cwl://${GROUP}`,
        '--endpoint',
        cwl.endpoint,
        '--since',
        '2020-01-01',
        '-f',
        'ndjson',
        '--pattern',
        pattern,
      ],
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const expected = records.filter((r) => r.eventSource === 'cloudtrail.amazonaws.com');
    expect(expected.length).toBeGreaterThan(0);
    expect(
      parseLines(stdout)
        .map((l) => l.eventID)
        .sort(),
    ).toEqual(expected.map((r) => r.eventID).sort());
    const filterCalls = cwl.requests.filter((r) => r.operation.endsWith('FilterLogEvents'));
    expect(filterCalls.length).toBeGreaterThan(0);
    expect(filterCalls[0]!.input.filterPattern).toBe(pattern);
  });

  it('--account does not apply to a log group: usage error', async () => {
    const { code, stderr } = await run(
      ['scan', `cwl://${GROUP}`, '--endpoint', cwl.endpoint, '--account', '123456789012'],
      env,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/^trailkit: cwl:\/\/ reads one log group/);
  });
});
