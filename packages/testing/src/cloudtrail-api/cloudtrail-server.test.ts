import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_RECORDS } from '../cloudtrail/builtin-records';
import { type CloudTrailServer, startCloudTrailServer } from './cloudtrail-server';

let server: CloudTrailServer;
beforeAll(async () => {
  server = await startCloudTrailServer({ lookupCallsPerSecond: 2 });
  server.loadEvents('us-east-1', BUILTIN_RECORDS as unknown as object[]);
});
afterAll(async () => {
  await server?.stop();
});

describe('startCloudTrailServer: LookupEvents as the real CloudTrailClient sees it', () => {
  it('refuses two lookup attributes, a foreign NextToken, and throttles beyond the rate', async () => {
    const client = server.client({ region: 'eu-central-1' });
    const twoAttributes = await client
      .send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'a' },
            { AttributeKey: 'EventSource', AttributeValue: 'b' },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect((twoAttributes as Error).name).toBe('InvalidLookupAttributesException');
    const badToken = await client
      .send(new LookupEventsCommand({ NextToken: 'not-a-token' }))
      .catch((e: unknown) => e);
    expect((badToken as Error).name).toBe('InvalidNextTokenException');
    // the bucket (2 calls) is empty now: the next call at once is throttled
    const throttled = await client.send(new LookupEventsCommand({})).catch((e: unknown) => e);
    expect((throttled as Error).name).toBe('ThrottlingException');
    expect(server.lookupCalls.map((c) => [c.region, c.throttled])).toEqual([
      ['eu-central-1', false],
      ['eu-central-1', false],
      ['eu-central-1', true],
    ]);
  });

  it('answers newest first with EventTime as a date and the record as the CloudTrailEvent string', async () => {
    const client = server.client({ region: 'us-east-1' });
    const out = await client.send(new LookupEventsCommand({ MaxResults: 50 }));
    const times = (out.Events ?? []).map((e) => (e.EventTime as Date).getTime());
    expect(times.length).toBeGreaterThan(0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const first = out.Events?.[0];
    expect(JSON.parse(first?.CloudTrailEvent ?? '{}').eventID).toBe(first?.EventId);
  });
});
