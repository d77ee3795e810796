import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Finding, Severity, TrailEvent } from '@trailkit/core';

const REAL = fileURLToPath(new URL('../../core/test/fixtures/real/', import.meta.url));

/** Records of a real stratus-red-team detonation log. */
export function stratus(name: string): TrailEvent[] {
  return JSON.parse(readFileSync(`${REAL}stratus-red-team/${name}.json`, 'utf8')) as TrailEvent[];
}

/** Every stratus-red-team technique name with its records. */
export function allStratus(): Array<[string, TrailEvent[]]> {
  return readdirSync(`${REAL}stratus-red-team`)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), stratus(f.replace(/\.json$/, ''))]);
}

/** Records of a real CloudTrail S3 log file from the invictus dataset. */
export function invictus(file: string): TrailEvent[] {
  return (
    JSON.parse(readFileSync(`${REAL}invictus-aws-dataset/${file}`, 'utf8')) as { Records: TrailEvent[] }
  ).Records;
}

/** A finding around real events, shaped like the ones core's detectors build. */
export function findingFor(
  event: TrailEvent,
  ruleId: string,
  severity: Severity = 'high',
  title = ruleId,
): Finding {
  const principal = event.userIdentity?.arn ?? event.userIdentity?.type;
  return {
    kind: 'finding',
    id: `${ruleId}:${event.eventID}`,
    rule: { id: ruleId, title, severity, description: `Detects ${title}.` },
    severity,
    summary: `${principal ?? 'unknown'} called ${event.eventName} in ${event.awsRegion} from ${event.sourceIPAddress}`,
    time: event.eventTime ?? '',
    events: [event],
    principal,
    action: `${event.eventSource}:${event.eventName}`,
    account: event.recipientAccountId,
    region: event.awsRegion,
    sourceIPAddress: event.sourceIPAddress,
  };
}
