/**
 * Child process of the bounded-memory test: generates `n` synthetic CloudTrail events lazily (never held
 * together) and, in mode `aggregate`, feeds them to a report aggregator; in mode `baseline` only generates
 * them. Prints one JSON line: peak RSS and what the report found.
 */
import type { TrailEvent } from '@trailkit/core';
import { reportAggregator } from '../../src/index';

const n = Number(process.argv[2]);
const mode = process.argv[3];
const START = Date.UTC(2026, 9, 1);

/** Event i: 1 heavy principal (10%), a long tail of principals, IPs and user agents all but unique. */
function* corpus(count: number): Generator<TrailEvent> {
  for (let i = 0; i < count; i++) {
    const heavy = i % 10 === 0;
    const principal = heavy
      ? 'arn:aws:iam::111111111111:user/heavy'
      : `arn:aws:iam::111111111111:user/u${i % 200_000}`;
    yield {
      eventVersion: '1.08',
      eventTime: new Date(START + Math.floor((i / count) * 30 * 86_400_000))
        .toISOString()
        .replace('.000', ''),
      eventSource: i % 3 === 0 ? 's3.amazonaws.com' : 'ec2.amazonaws.com',
      eventName: i % 997 === 0 ? 'StopLogging' : i % 3 === 0 ? 'GetObject' : `Describe${i % 400}`,
      eventID: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      awsRegion: ['us-east-1', 'eu-west-1', 'ap-south-1'][i % 3],
      recipientAccountId: `1111111111${String(i % 50).padStart(2, '0')}`,
      sourceIPAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      userAgent: `aws-sdk-js/3.${i % 100_000} os/linux`,
      userIdentity: { type: 'IAMUser', arn: principal, userName: principal.split('/')[1] },
      readOnly: i % 4 !== 0,
      ...(i % 20 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'denied' } : {}),
      resources: [{ ARN: `arn:aws:s3:::bucket-${i % 100_000}/key-${i}` }],
    } as TrailEvent;
  }
}

const report = mode === 'aggregate' ? reportAggregator() : undefined;
let seen = 0;
for (const event of corpus(n)) {
  seen++;
  report?.addEvent(event);
}
const model = report?.toModel();
process.stdout.write(
  `${JSON.stringify({
    seen,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    events: model?.scope.events,
    topPrincipal: model?.top.principals.rows[0],
    principalsMaxError: model?.top.principals.maxError,
    accessDenied: model?.activity.accessDenied,
    buckets: model?.activity.buckets.length,
    cis41: model?.cis.controls.find((c) => c.control === '4.1')?.matches,
    cis45: model?.cis.controls.find((c) => c.control === '4.5')?.matches,
    modelBytes: model ? JSON.stringify(model).length : 0,
  })}\n`,
);
