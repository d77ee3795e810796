import { fileURLToPath } from 'node:url';
import {
  type EventFilter,
  type TrailEvent,
  filesSource,
  pattern,
  type WhereCriteria,
  where,
} from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { duckdbSource } from '../src';
import { canonical, readAll } from './read-all';

// Every real CloudTrail file bundled in the repo: core's fixtures (many shapes) and the samples tree.
const FIXTURES = fileURLToPath(new URL('../../core/test/fixtures/real', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../../samples/AWSLogs', import.meta.url));
const PATHS = [FIXTURES, SAMPLES];

interface Case {
  name: string;
  where?: WhereCriteria;
  pattern?: string;
  since?: string;
  until?: string;
}

const CASES: Case[] = [
  { name: 'everything' },
  {
    name: 'errors (the issue)',
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  },
  { name: 'event names with wildcards', where: { eventName: ['Get*', 'ListBuckets', '*Policy'] } },
  { name: 'not an event source', where: { eventSource: { not: ['s3.amazonaws.com', 'ec2.amazonaws.com'] } } },
  { name: 'user name (IAM user or role session issuer)', where: { userName: '*admin*' } },
  { name: 'identity type and read-only', where: { userIdentityType: 'AssumedRole', readOnly: false } },
  { name: 'has error', where: { hasError: true } },
  { name: 'time window', since: '2023-07-10T12:00:00Z', until: '2023-07-10T12:30:00Z' },
  {
    name: 'JSON column field (superset pushed, residual local)',
    pattern: '{ $.requestParameters.bucketName = "*" }',
  },
  { name: 'nested struct field', pattern: '{ $.userIdentity.sessionContext.sessionIssuer.type = "Role" }' },
  { name: 'regex stays local', where: { eventName: /^Describe/ } },
  { name: 'source IP not', pattern: '{ $.sourceIPAddress != "AWS Internal" && $.eventName = "Assume*" }' },
];

function localFilter(c: Case): EventFilter {
  const filters: EventFilter[] = [];
  if (c.where) filters.push(where(c.where));
  if (c.pattern) filters.push(pattern(c.pattern));
  return { test: (event) => filters.every((f) => f.test(event)) };
}

// filesSource's read of a time window, once per window (the cases filter it locally).
const filesReads = new Map<string, Promise<TrailEvent[]>>();
function readFiles(time: { since?: string; until?: string }): Promise<TrailEvent[]> {
  const key = JSON.stringify(time);
  if (!filesReads.has(key)) filesReads.set(key, readAll(filesSource({ paths: PATHS, ...time })));
  return filesReads.get(key) as Promise<TrailEvent[]>;
}

describe('duckdbSource agrees with filesSource over every real fixture', () => {
  it.each(CASES)('$name', async (c) => {
    const time = { ...(c.since ? { since: c.since } : {}), ...(c.until ? { until: c.until } : {}) };
    const viaDuckDb = await readAll(
      duckdbSource({ paths: PATHS, where: c.where, pattern: c.pattern, ...time }),
    );
    const filter = localFilter(c);
    const viaFiles = (await readFiles(time)).filter((e) => filter.test(e));
    expect(viaFiles.length).toBeGreaterThan(0);
    expect(canonical(viaDuckDb)).toEqual(canonical(viaFiles));
  });
});
