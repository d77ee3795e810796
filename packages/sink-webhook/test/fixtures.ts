import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Finding, TrailEvent } from '@trailkit/core';

const REAL = fileURLToPath(new URL('../../core/test/fixtures/real/', import.meta.url));

/** Records of a real stratus-red-team detonation log (a JSON array). */
export function stratus(name: string): TrailEvent[] {
  return JSON.parse(readFileSync(`${REAL}stratus-red-team/${name}.json`, 'utf8')) as TrailEvent[];
}

/** Records of a real CloudTrail S3 log file from the invictus dataset. */
export function invictus(file: string): TrailEvent[] {
  return (
    JSON.parse(readFileSync(`${REAL}invictus-aws-dataset/${file}`, 'utf8')) as { Records: TrailEvent[] }
  ).Records;
}

/** A finding built by hand around a real event (the rules work builds real ones). */
export function findingFor(event: TrailEvent, ruleId = 'test.rule'): Finding {
  return {
    kind: 'finding',
    id: `${ruleId}:${event.eventID}`,
    rule: { id: ruleId, title: 'Test rule', severity: 'high' },
    severity: 'high',
    summary: `${event.userIdentity?.arn ?? '?'} called ${event.eventName}`,
    time: event.eventTime ?? '',
    events: [event],
    principal: event.userIdentity?.arn,
    action: `${event.eventSource}:${event.eventName}`,
    account: event.recipientAccountId,
    region: event.awsRegion,
    sourceIPAddress: event.sourceIPAddress,
  };
}
