import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudTrailServer, startCloudTrailServer } from './cloudtrail-server';

let server: CloudTrailServer;
beforeAll(async () => {
  server = await startCloudTrailServer();
  server.putTrails([
    { Name: 'everywhere', S3BucketName: 'b', IsMultiRegionTrail: true, InsightTypes: ['ApiCallRateInsight'] },
    { Name: 'local', HomeRegion: 'eu-west-1', S3BucketName: 'b', status: { IsLogging: false } },
  ]);
  server.putTrails([{ Name: 'theirs', account: '222222222222', S3BucketName: 'c' }], '222222222222');
});
afterAll(async () => {
  await server.stop();
});

describe('CloudTrail control plane with the real client', () => {
  it('lists shadow trails of multi-region trails in other regions, unless asked not to', async () => {
    const eu = server.client({ region: 'eu-west-1' });
    const all = await eu.send(new DescribeTrailsCommand({}));
    expect(all.trailList?.map((t) => t.Name).sort()).toEqual(['everywhere', 'local']);
    const own = await eu.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    expect(own.trailList?.map((t) => t.Name)).toEqual(['local']);
    const us = await server.client().send(new DescribeTrailsCommand({}));
    expect(us.trailList?.map((t) => t.Name)).toEqual(['everywhere']);
    expect(us.trailList?.[0]?.TrailARN).toBe('arn:aws:cloudtrail:us-east-1:123456789012:trail/everywhere');
  });

  it('answers each account its own trails (the account of the signing key)', async () => {
    const client = server.client({
      credentials: { accessKeyId: 'ASIA222222222222XYZ', secretAccessKey: 't' },
    });
    const out = await client.send(new DescribeTrailsCommand({}));
    expect(out.trailList?.map((t) => t.Name)).toEqual(['theirs']);
  });

  it('GetTrailStatus by name or ARN, with dates; unknown trails are TrailNotFoundException', async () => {
    const client = server.client({ region: 'eu-west-1' });
    const s = await client.send(new GetTrailStatusCommand({ Name: 'local' }));
    expect(s.IsLogging).toBe(false);
    expect(s.LatestDeliveryTime).toBeInstanceOf(Date);
    const byArn = await server
      .client()
      .send(
        new GetTrailStatusCommand({ Name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/everywhere' }),
      );
    expect(byArn.IsLogging).toBe(true);
    await expect(client.send(new GetTrailStatusCommand({ Name: 'nope' }))).rejects.toMatchObject({
      name: 'TrailNotFoundException',
    });
  });

  it('GetEventSelectors defaults to all management events; GetInsightSelectors says when none is on', async () => {
    const client = server.client();
    const sel = await client.send(new GetEventSelectorsCommand({ TrailName: 'everywhere' }));
    expect(sel.EventSelectors).toEqual([
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] },
    ]);
    const ins = await client.send(new GetInsightSelectorsCommand({ TrailName: 'everywhere' }));
    expect(ins.InsightSelectors).toEqual([{ InsightType: 'ApiCallRateInsight' }]);
    await expect(client.send(new GetInsightSelectorsCommand({ TrailName: 'local' }))).rejects.toMatchObject({
      name: 'InsightNotEnabledException',
    });
  });
});
