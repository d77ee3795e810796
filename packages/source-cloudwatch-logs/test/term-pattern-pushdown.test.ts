import { FilterPattern, pattern } from '@trailkit/core';
import { cloudWatchLogsSource } from '@trailkit/source-cloudwatch-logs';
import { type CloudWatchLogsServer, readSource, startCloudWatchLogsServer } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIds, invictusRecords } from './helpers';

const records = invictusRecords();
const GROUP = 'term-patterns';

let server: CloudWatchLogsServer;
beforeAll(async () => {
  server = await startCloudWatchLogsServer({ pageSize: 50 });
  server.putRecords(GROUP, 'stream', records);
});
afterAll(() => server.stop());

/** Oracle: the records whose JSON text (the log event's message) passes `test`. */
function byMessage(test: (message: string) => boolean): string[] {
  return records
    .filter((r) => test(JSON.stringify(r)))
    .map((r) => r.eventID)
    .sort();
}

describe('term patterns go to FilterLogEvents as they are', () => {
  const cases: Array<[string, string, (m: string) => boolean]> = [
    [
      'any term',
      '?AccessDenied ?UnauthorizedOperation',
      (m) => m.includes('AccessDenied') || m.includes('UnauthorizedOperation'),
    ],
    [
      'a term with an exclusion',
      'AccessDenied -"s3.amazonaws.com"',
      (m) => m.includes('AccessDenied') && !m.includes('s3.amazonaws.com'),
    ],
    [
      'a CDK term group',
      FilterPattern.anyTermGroup(['"eventName":"ListBuckets"'], ['AccessDenied', 's3.amazonaws.com'])
        .logPatternString,
      (m) =>
        m.includes('"eventName":"ListBuckets"') ||
        (m.includes('AccessDenied') && m.includes('s3.amazonaws.com')),
    ],
    ['a regex term', '%errorCode\\x22:\\x22[A-Z]%', (m) => /errorCode":"[A-Z]/.test(m)],
  ];
  for (const [name, text, oracle] of cases) {
    it(`${name}: ${text}`, async () => {
      const expected = byMessage(oracle);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(records.length);
      const before = server.requests.length;
      const source = cloudWatchLogsSource({
        logGroupName: GROUP,
        pattern: pattern(text),
        client: server.client(),
      });
      expect(eventIds((await readSource(source)).batches).sort()).toEqual(expected);
      const sent = server.requests.slice(before).filter((r) => r.operation === 'FilterLogEvents');
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((r) => r.input.filterPattern === text)).toBe(true);
    });
  }
});
