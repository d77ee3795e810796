import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { autoResponse } from '../src/auto-response';

const SAMPLES = new URL('../../../samples/stratus-red-team/', import.meta.url);
const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

function context(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'auto-response',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:auto-response',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/auto-response',
    logStreamName: 's',
    getRemainingTimeInMillis: () => 30_000,
    done() {},
    fail() {},
    succeed() {},
  };
}

describe('auto-response handler (EventBridge CloudTrail event → examples/auto-remediate actions)', () => {
  it('dry-run by default: plans the revoke of exactly the world-open rule of a real event, calls nothing (APPLY unset)', async () => {
    const [record] = JSON.parse(
      readFileSync(new URL('aws.exfiltration.ec2-security-group-open-port-22-ingress.json', SAMPLES), 'utf8'),
    );
    const actions: Array<{ api: string; applied: boolean; params: unknown }> = [];
    const handler = autoResponse({}, { onAction: (a) => actions.push(a), log: quiet });
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'AWS API Call via CloudTrail' as const,
      source: 'aws.ec2',
      account: String(record.recipientAccountId),
      time: String(record.eventTime),
      region: String(record.awsRegion),
      resources: [],
      detail: record,
    };
    const outcome = await handler(event, context());
    expect(outcome.failed).toEqual([]);
    // Both rules fire on this record: the group opened to the world, and an IAM user's key used from a
    // public address (outside the RFC 1918 default).
    expect(actions.map((a) => a.api).sort()).toEqual([
      'ec2:RevokeSecurityGroupIngress',
      'iam:UpdateAccessKey',
    ]);
    expect(actions.every((a) => !a.applied)).toBe(true);
    expect(actions.find((a) => a.api === 'iam:UpdateAccessKey')?.params).toEqual({
      UserName: record.userIdentity.userName,
      AccessKeyId: record.userIdentity.accessKeyId,
      Status: 'Inactive',
    });
    expect(actions.filter((a) => a.api === 'ec2:RevokeSecurityGroupIngress')).toEqual([
      {
        api: 'ec2:RevokeSecurityGroupIngress',
        region: record.awsRegion,
        applied: false,
        eventID: record.eventID,
        findingId: expect.any(String),
        params: {
          GroupId: record.requestParameters.groupId,
          IpPermissions: [
            expect.objectContaining({
              FromPort: 22,
              ToPort: 22,
              IpRanges: [{ CidrIp: record.requestParameters.cidrIp }],
            }),
          ],
        },
      },
    ]);
  });
});
