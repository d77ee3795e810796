import { gunzipSync } from 'node:zlib';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  type FilteredLogEvent,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudWatchLogsServer,
  encodeSubscriptionPayload,
  startCloudWatchLogsServer,
} from '../src/index';
import { invictusRecords } from './real-records';

const records = invictusRecords();

let server: CloudWatchLogsServer;
beforeAll(async () => {
  server = await startCloudWatchLogsServer({ pageSize: 25 });
  server.putRecords('trail', '218007301253_CloudTrail_us-east-1', records.slice(0, 200));
  server.putRecords('trail', '218007301253_CloudTrail_us-east-1_2', records.slice(200));
});
afterAll(() => server.stop());

async function filterAll(input: Record<string, unknown>) {
  const client = server.client();
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  let calls = 0;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({ logGroupName: 'trail', ...input, nextToken }),
    );
    calls += 1;
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return { events, calls };
}

describe('startCloudWatchLogsServer', () => {
  it('pages every event of every stream, interleaved by timestamp then ingestion', async () => {
    const { events, calls } = await filterAll({});
    expect(events).toHaveLength(records.length);
    expect(calls).toBe(Math.ceil(records.length / 25));
    const timestamps = events.map((e) => e.timestamp!);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(records.length);
    expect(new Set(events.map((e) => e.logStreamName))).toEqual(
      new Set(['218007301253_CloudTrail_us-east-1', '218007301253_CloudTrail_us-east-1_2']),
    );
    expect(events[0]?.ingestionTime).toEqual(expect.any(Number));
    expect(JSON.parse(events[0]!.message!).eventID).toEqual(expect.any(String));
  });

  it('evaluates filterPattern with core pattern() (CIS unauthorized API calls) and time bounds', async () => {
    const unauthorized = records.filter(
      (r) =>
        typeof r.errorCode === 'string' &&
        (r.errorCode.endsWith('UnauthorizedOperation') || r.errorCode.startsWith('AccessDenied')),
    );
    expect(unauthorized.length).toBe(27);
    const { events } = await filterAll({
      filterPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    });
    expect(events.map((e) => JSON.parse(e.message!).eventID).sort()).toEqual(
      unauthorized.map((r) => r.eventID).sort(),
    );

    const start = Date.parse('2023-07-10T11:56:00Z');
    const end = Date.parse('2023-07-10T11:57:00Z');
    const inRange = records.filter((r) => Date.parse(r.eventTime) >= start && Date.parse(r.eventTime) <= end);
    const ranged = await filterAll({ startTime: start, endTime: end });
    expect(ranged.events).toHaveLength(inRange.length);
  });

  it('limits to logStreamNames and honours limit', async () => {
    const { events } = await filterAll({ logStreamNames: ['218007301253_CloudTrail_us-east-1_2'] });
    expect(events).toHaveLength(records.length - 200);
    const page = await server.client().send(new FilterLogEventsCommand({ logGroupName: 'trail', limit: 3 }));
    expect(page.events).toHaveLength(3);
    expect(page.nextToken).toEqual(expect.any(String));
  });

  it('rejects a bad pattern and unknown groups with typed errors', async () => {
    const client = server.client();
    await expect(
      client.send(new FilterLogEventsCommand({ logGroupName: 'trail', filterPattern: '{ $.x = }' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new FilterLogEventsCommand({ logGroupName: 'missing' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });

  it('supports the write path: groups, streams, PutLogEvents in order, DescribeLogStreams', async () => {
    const client = server.client();
    await client.send(new CreateLogGroupCommand({ logGroupName: 'written' }));
    await expect(client.send(new CreateLogGroupCommand({ logGroupName: 'written' }))).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
    });
    await client.send(new CreateLogStreamCommand({ logGroupName: 'written', logStreamName: 's1' }));
    await client.send(
      new PutLogEventsCommand({
        logGroupName: 'written',
        logStreamName: 's1',
        logEvents: [
          { timestamp: 1000, message: '{"a":1}' },
          { timestamp: 2000, message: '{"a":2}' },
        ],
      }),
    );
    await expect(
      client.send(
        new PutLogEventsCommand({
          logGroupName: 'written',
          logStreamName: 's1',
          logEvents: [
            { timestamp: 3000, message: 'x' },
            { timestamp: 1, message: 'y' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: 'written' }));
    expect(streams.logStreams).toEqual([
      expect.objectContaining({ logStreamName: 's1', firstEventTimestamp: 1000, lastEventTimestamp: 2000 }),
    ]);
  });

  it('throttles the next N calls with ThrottlingException (400), then recovers', async () => {
    const client = server.client({ maxAttempts: 1 });
    server.throttleNext(1, ['FilterLogEvents']);
    await expect(
      client.send(new FilterLogEventsCommand({ logGroupName: 'trail', limit: 1 })),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client.send(new FilterLogEventsCommand({ logGroupName: 'trail', limit: 1 })),
    ).resolves.toBeDefined();
    expect(server.requests.filter((r) => r.operation === 'FilterLogEvents').length).toBeGreaterThan(2);
  });

  it('encodes subscription payloads as gzip + base64', () => {
    const data = encodeSubscriptionPayload({
      logGroup: 'g',
      logStream: 's',
      logEvents: [{ timestamp: 5, message: records[0]! }],
    });
    const doc = JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8'));
    expect(doc).toMatchObject({ messageType: 'DATA_MESSAGE', logGroup: 'g', logStream: 's' });
    expect(JSON.parse(doc.logEvents[0].message)).toEqual(records[0]);
  });
});
