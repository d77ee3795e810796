import { type Finding, getOrigin, pipeline, threatRules, type TrailEvent } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { eventBridgeHandler, InvocationFailedError, unwrapCloudTrailEvent } from '../src/index';
import { recordingSink, stratusRecords } from './fixtures';
import { cloudTrailEventBridgeEvent, lambdaContext, objectCreatedEvent } from './lambda-events';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('eventBridgeHandler', () => {
  it('the detail of an "AWS API Call via CloudTrail" event is the record → finding', async () => {
    const [record] = stratusRecords('aws.exfiltration.ec2-security-group-open-port-22-ingress');
    const findings = recordingSink<Finding>();
    const handler = eventBridgeHandler({
      pipeline: pipeline().detect(threatRules()).to(findings),
      log: quiet,
    });
    const event = cloudTrailEventBridgeEvent(record!);
    const outcome = await handler(event, lambdaContext(30_000));
    expect(outcome.succeeded).toEqual([event.id]);
    expect(findings.items.map((f) => f.rule.id)).toContain('threats.security-group-open-to-world');
  });

  it('unwraps the record exactly, with the EventBridge id as origin', () => {
    const [record] = stratusRecords('aws.initial-access.console-login-without-mfa');
    const event = cloudTrailEventBridgeEvent(record!);
    expect(event['detail-type']).toBe('AWS Console Sign In via CloudTrail');
    const unwrapped = unwrapCloudTrailEvent(event);
    expect(unwrapped).toEqual(record);
    expect(getOrigin(unwrapped)).toEqual({ source: 'eventbridge', object: event.id, index: 0 });
  });

  it('ignores events that are not CloudTrail events; a detail that is no record fails under onInvalid: fail', async () => {
    const sink = recordingSink<TrailEvent>();
    const handler = eventBridgeHandler({ pipeline: pipeline().to(sink), log: quiet, onInvalid: 'fail' });
    const other = await handler(objectCreatedEvent('b', 'k'), lambdaContext(30_000));
    expect(other.failed).toEqual([]);
    expect(sink.items).toEqual([]);
    const broken = cloudTrailEventBridgeEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' });
    const error = await handler(broken, lambdaContext(30_000)).catch((e) => e);
    expect(InvocationFailedError.isInstance(error)).toBe(true);
    expect(error.failed[0].reason).toMatch(/PARSE_NOT_CLOUDTRAIL|eventVersion|eventID/);
  });
});
