import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { collectPosture } from './collect-posture';

const ARN = (name: string) => `arn:aws:cloudtrail:us-east-1:123456789012:trail/${name}`;

/** A CloudTrail client stand-in: answers by operation, records what it was sent. */
function fakeCloudTrail(answers: Record<string, (input: { TrailName?: string }) => unknown>) {
  const sent: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: { TrailName?: string } }) => {
      const op = command.constructor.name.replace(/Command$/, '');
      sent.push(`${op} ${command.input.TrailName ?? ''}`.trim());
      const answer = answers[op];
      if (!answer) throw Object.assign(new Error(op), { name: 'AccessDeniedException' });
      return answer(command.input);
    },
  };
  return { client: client as unknown as CloudTrailClient, sent };
}

const noBucket = {
  send: async () => {
    throw Object.assign(new Error('no bucket'), { name: 'NoSuchBucket' });
  },
} as unknown as S3Client;

const trail = (name: string, hasInsightSelectors?: boolean) => ({
  Name: name,
  TrailARN: ARN(name),
  HomeRegion: 'us-east-1',
  IsMultiRegionTrail: true,
  S3BucketName: 'logs',
  HasInsightSelectors: hasInsightSelectors,
});

describe('collectPosture: GetInsightSelectors', () => {
  it('is called only for trails with HasInsightSelectors; an error there means no insight selected', async () => {
    const { client, sent } = fakeCloudTrail({
      DescribeTrails: () => ({
        trailList: [trail('plain'), trail('off', false), trail('on', true), trail('gone', true)],
      }),
      GetInsightSelectors: ({ TrailName }) => {
        if (TrailName === ARN('gone')) {
          throw Object.assign(new Error('not enabled'), { name: 'InsightNotEnabledException' });
        }
        return {
          InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }],
        };
      },
    });
    const posture = await collectPosture({
      regions: ['us-east-1'],
      clients: { cloudTrail: client, s3: noBucket },
      config: false,
    });
    expect(posture.trails.map((t) => [t.name, t.insights])).toEqual([
      ['plain', []],
      ['off', []],
      ['on', ['ApiCallRateInsight', 'ApiErrorRateInsight']],
      ['gone', []],
    ]);
    expect(sent.filter((s) => s.startsWith('GetInsightSelectors'))).toEqual([
      `GetInsightSelectors ${ARN('on')}`,
      `GetInsightSelectors ${ARN('gone')}`,
    ]);
    expect(posture.calls.GetInsightSelectors).toBe(2);
  });

  it('reads access denied on GetInsightSelectors as no insight selected', async () => {
    const { client } = fakeCloudTrail({ DescribeTrails: () => ({ trailList: [trail('org', true)] }) });
    const posture = await collectPosture({
      regions: ['us-east-1'],
      clients: { cloudTrail: client, s3: noBucket },
      config: false,
    });
    expect(posture.trails[0]?.insights).toEqual([]);
    expect(posture.calls.GetInsightSelectors).toBe(1);
  });
});
