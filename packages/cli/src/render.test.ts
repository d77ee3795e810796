import type { Finding, Severity, TrailEvent } from '@trailkit/core';
import { eventRowsSink } from './event-rows';
import { describe, expect, it } from 'vitest';
import { eventsTable, findingsTable, painter, shortAction, shortPrincipal, sortFindings } from './render';

const plain = painter(false);
const ctx = { signal: new AbortController().signal };

function finding(id: string, severity: Severity, time: string): Finding {
  return {
    kind: 'finding',
    id,
    rule: { id: `rule.${id}`, title: id, severity },
    severity,
    summary: id,
    time,
    events: [],
    principal: 'arn:aws:iam::218007301253:user/alice',
    action: 'cloudtrail.amazonaws.com:StopLogging',
    region: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
  };
}

describe('findings table', () => {
  it('sorts by severity (highest first) then time', () => {
    const sorted = sortFindings([
      finding('a', 'low', '2023-07-10T11:00:00Z'),
      finding('b', 'critical', '2023-07-10T12:00:00Z'),
      finding('c', 'high', '2023-07-10T10:00:00Z'),
      finding('d', 'critical', '2023-07-10T09:00:00Z'),
    ]);
    expect(sorted.map((f) => f.id)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('renders aligned columns and caps rows with an "N more" line', () => {
    const findings = Array.from({ length: 7 }, (_, i) =>
      finding(`f${i}`, 'medium', `2023-07-10T11:0${i}:00Z`),
    );
    const text = findingsTable(findings, 5, plain);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+ATT&CK\s+WHO\s+WHAT\s+WHEN\s+WHERE$/);
    expect(lines).toHaveLength(7 + 1 + 8);
    expect(lines[1]).toContain('MEDIUM');
    expect(lines[1]).toContain('alice (218007301253)');
    expect(lines[1]).toContain('cloudtrail:StopLogging');
    expect(lines[1]).toContain('us-east-1 from 198.51.100.7');
    expect(lines[6]).toBe('… 2 more findings (use --format ndjson or --out to get them all)');
    // when rows are hidden, a per-rule breakdown follows
    expect(lines.slice(8)).toHaveLength(8);
    expect(lines[8]).toMatch(/^SEVERITY\s+RULE\s+COUNT\s+ATT&CK\s+TITLE$/);
    expect(lines.slice(9).every((l) => /^MEDIUM\s+rule\.f\d\s+1\s+-\s+f\d$/.test(l))).toBe(true);
    // columns line up: WHEN starts at the same offset in every row
    const at = lines[0]!.indexOf('WHEN');
    for (const line of lines.slice(1, 6)) expect(line.slice(at, at + 4)).toBe('2023');
  });

  it('says so when there are no findings', () => {
    expect(findingsTable([], 10, plain)).toBe('No findings.\n');
  });
});

describe('events table', () => {
  const event = (over: Partial<TrailEvent> = {}): TrailEvent => ({
    eventTime: '2023-07-10T11:45:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    userIdentity: { type: 'Root', arn: 'arn:aws:iam::218007301253:root' },
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    errorCode: 'AccessDenied',
    ...over,
  });

  it('shows time, source:name, who, region, IP, error', async () => {
    const rows = eventRowsSink(1);
    await rows.write([event(), event({ eventName: 'DeleteUser' }), event({ eventName: 'GetUser' })], ctx);
    const text = eventsTable(rows.rows, rows.count);
    const [header, row, more] = text.trimEnd().split('\n');
    expect(header).toMatch(/^TIME\s+SOURCE:NAME\s+WHO\s+REGION\s+IP\s+ERROR$/);
    expect(row).toMatch(
      /^2023-07-10T11:45:00Z\s+iam:CreateUser\s+root \(218007301253\)\s+us-east-1\s+203\.0\.113\.9\s+AccessDenied$/,
    );
    expect(more).toBe('… 2 more events (use --format ndjson or --out to get them all)');
  });

  it('groups identical events into one row with a COUNT, also after the rows are full', async () => {
    const rows = eventRowsSink(2);
    await rows.write([event(), event({ eventName: 'GetUser' }), event()], ctx);
    // the table is full: a new row is only counted, a copy of a kept row still counts in it
    await rows.write([event({ eventName: 'ListUsers' }), event(), event({ eventName: 'GetUser' })], ctx);
    const lines = eventsTable(rows.rows, rows.count).trimEnd().split('\n');
    expect(lines[0]).toMatch(/\sERROR\s+COUNT$/);
    expect(lines[1]).toMatch(/iam:CreateUser .*AccessDenied\s+3$/);
    expect(lines[2]).toMatch(/iam:GetUser .*AccessDenied\s+2$/);
    expect(lines[3]).toBe('… 1 more event (use --format ndjson or --out to get them all)');
    expect(lines).toHaveLength(4);
  });

  it('fits a width by cutting the widest columns, the time kept whole', async () => {
    const rows = eventRowsSink(5);
    await rows.write(
      [
        event({
          userIdentity: {
            type: 'AssumedRole',
            arn: `arn:aws:sts::218007301253:assumed-role/${'R'.repeat(60)}/s`,
          },
        }),
      ],
      ctx,
    );
    const lines = eventsTable(rows.rows, rows.count, 80).trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^2023-07-10T11:45:00Z\s/);
    expect(lines[1]).toContain('…');
  });

  it('shortens principals and actions', () => {
    expect(shortPrincipal('arn:aws:sts::123:assumed-role/Admin/alice')).toBe('Admin/alice (123)');
    expect(shortPrincipal('AWSService:ec2.amazonaws.com')).toBe('AWSService:ec2.amazonaws.com');
    expect(shortAction('s3.amazonaws.com:PutBucketPolicy')).toBe('s3:PutBucketPolicy');
  });
});

describe('fitWidths', () => {
  it('cuts the widest column first, never below its floor, and stops when nothing can shrink', async () => {
    const { fitWidths } = await import('./table');
    expect(fitWidths([10, 40, 20], [4, 4, 4], 50)).toEqual([10, 18, 18]);
    expect(fitWidths([10, 40, 20], [4, 4, 4], undefined)).toEqual([10, 40, 20]);
    expect(fitWidths([10, 40], [8, 30], 10)).toEqual([8, 30]);
  });
});
