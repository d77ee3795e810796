import { cisRules, pattern, principalOf, type TrailEvent } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { sampleRecords, sampleReport } from '../test/helpers';
import { reportAggregator } from './aggregator';

function ev(time: string, extra: Partial<TrailEvent> = {}): TrailEvent {
  return {
    eventVersion: '1.08',
    eventTime: time,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    recipientAccountId: '111111111111',
    sourceIPAddress: '198.51.100.1',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', userName: 'alice' },
    readOnly: true,
    eventType: 'AwsApiCall',
    ...extra,
  } as TrailEvent;
}

const hour = (h: number) => new Date(Date.UTC(2026, 10, 1, h, 30)).toISOString().replace('.000', '');

describe('reportAggregator on the bundled samples', () => {
  it('counts what an independent JSON.parse oracle counts', async () => {
    const records = sampleRecords();
    const { model, summary } = await sampleReport();
    expect(model.scope.events).toBe(records.length);
    expect(model.scope.events).toBe(summary.events.read);
    expect(model.scope.objects).toBe(summary.objects);
    const errors = records.filter((r) => typeof r.errorCode === 'string');
    expect(model.activity.errors).toBe(errors.length);
    expect(model.activity.read).toBe(records.filter((r) => r.readOnly === true).length);
    const denied = errors.filter(
      (r) =>
        String(r.errorCode).startsWith('AccessDenied') ||
        String(r.errorCode).endsWith('UnauthorizedOperation'),
    );
    expect(model.activity.accessDenied).toBe(denied.length);
    const buckets = model.activity.buckets.reduce((n, b) => n + b.events, 0);
    expect(buckets).toBe(records.length);
    const times = records.map((r) => Date.parse(r.eventTime as string)).sort((a, b) => a - b);
    expect(Date.parse(model.scope.firstEvent as string)).toBe(times[0]);
    expect(Date.parse(model.scope.lastEvent as string)).toBe(times[times.length - 1]);
    expect(model.findings.total).toBe(summary.findings.total);
    expect(model.findings.bySeverity).toEqual(summary.findings.bySeverity);
    // top principals: exact here (fewer distinct values than counters), so equal to the oracle's counts
    const byPrincipal = new Map<string, number>();
    for (const r of records) {
      const p = principalOf(r) ?? 'unknown';
      byPrincipal.set(p, (byPrincipal.get(p) ?? 0) + 1);
    }
    expect(model.top.principals.maxError).toBe(0);
    for (const row of model.top.principals.rows) expect(row.count).toBe(byPrincipal.get(row.key));
    const best = Math.max(...byPrincipal.values());
    expect(model.top.principals.rows[0]?.count).toBe(best);
  });

  it('counts CIS matches as each control pattern alone does', async () => {
    const records = sampleRecords();
    const { model } = await sampleReport();
    expect(model.cis.controls).toHaveLength(15);
    for (const rule of cisRules()) {
      const filter = pattern(rule.match as string);
      const expected = records.filter((r) => filter.test(r)).length;
      const row = model.cis.controls.find((c) => c.ruleId === rule.id);
      expect(row?.matches, rule.id).toBe(expected);
    }
    expect(model.cis.controls.find((c) => c.control === '4.1')?.matches).toBeGreaterThan(0);
  });
});

describe('reportAggregator on built events', () => {
  it('reports the silent hours of a trail that stopped, not those of an irregular pair', () => {
    const r = reportAggregator();
    for (let h = 0; h < 24; h++) r.addEvent(ev(hour(h), { awsRegion: 'eu-west-1' }));
    for (let h = 0; h < 12; h++) r.addEvent(ev(hour(h))); // us-east-1 stops at 12:00
    r.addEvent(ev(hour(20))); // one late event: hours 12-19 are silent, 21-23 too
    r.addEvent(ev(hour(2), { awsRegion: 'ap-south-1' })); // irregular: one event only
    const m = r.toModel();
    expect(m.silentPeriods.pairsTracked).toBe(3);
    expect(m.silentPeriods.periods).toEqual([
      {
        account: '111111111111',
        region: 'us-east-1',
        from: '2026-11-01T12:00:00.000Z',
        until: '2026-11-01T20:00:00.000Z',
        hours: 8,
      },
      {
        account: '111111111111',
        region: 'us-east-1',
        from: '2026-11-01T21:00:00.000Z',
        until: '2026-11-02T00:00:00.000Z',
        hours: 3,
      },
    ]);
  });

  it('counts console sign-ins with and without MFA, failures and root activity', () => {
    const r = reportAggregator();
    const login = (ok: boolean, mfa: boolean, user: string) =>
      ev(hour(1), {
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        readOnly: false,
        userIdentity: { type: 'IAMUser', userName: user, arn: `arn:aws:iam::111111111111:user/${user}` },
        responseElements: { ConsoleLogin: ok ? 'Success' : 'Failure' },
        additionalEventData: { MFAUsed: mfa ? 'Yes' : 'No' },
        ...(ok ? {} : { errorMessage: 'Failed authentication' }),
      });
    r.addEvent(login(true, true, 'alice'));
    r.addEvent(login(true, false, 'bob'));
    r.addEvent(login(true, false, 'bob'));
    r.addEvent(login(false, false, 'eve'));
    r.addEvent(ev(hour(3), { userIdentity: { type: 'Root', arn: 'arn:aws:iam::111111111111:root' } }));
    const m = r.toModel();
    expect(m.signIns).toMatchObject({ total: 4, successWithMfa: 1, successWithoutMfa: 2, failures: 1 });
    expect(m.signIns.withoutMfaByUser.rows).toEqual([
      { key: 'IAMUser bob', count: 2, error: 0, guaranteed: true },
    ]);
    expect(m.root.events).toBe(1);
    expect(m.root.firstSeen).toBe('2026-11-01T03:30:00.000Z');
    expect(m.cis.controls.find((c) => c.control === '4.2')?.matches).toBe(3);
    expect(m.cis.controls.find((c) => c.control === '4.3')?.matches).toBe(1);
    expect(m.cis.controls.find((c) => c.control === '4.6')?.matches).toBe(1);
  });

  it('widens its time buckets instead of growing past maxTimeBuckets', () => {
    const r = reportAggregator({ maxTimeBuckets: 48 });
    for (let d = 0; d < 10; d++) r.addEvent(ev(new Date(Date.UTC(2026, 0, 1 + d, 5)).toISOString()));
    const m = r.toModel();
    expect(m.activity.bucket).toBe('day');
    expect(m.activity.buckets).toHaveLength(10);
    expect(m.activity.buckets.every((b) => b.events === 1)).toBe(true);
    for (let d = 0; d < 100; d++) r.addEvent(ev(new Date(Date.UTC(2026, 1, 1 + d, 5)).toISOString()));
    const wide = r.toModel().activity;
    expect(wide.buckets.length).toBeLessThanOrEqual(48);
    expect(wide.bucket).toMatch(/days$/);
    expect(wide.buckets.reduce((n, b) => n + b.events, 0)).toBe(110);
  });

  it('keeps the most severe findings as evidence, and rejects bad options', () => {
    const r = reportAggregator({ maxEvidence: 2 });
    const finding = (severity: 'low' | 'high', id: string) => ({
      kind: 'finding' as const,
      id,
      rule: { id: `rule.${severity}`, title: severity, severity },
      severity,
      summary: id,
      time: '2026-11-01T01:00:00Z',
      events: [ev(hour(1), { eventID: `e-${id}` })],
    });
    r.addFinding(finding('low', 'a'));
    r.addFinding(finding('low', 'b'));
    r.addFinding(finding('high', 'c'));
    const m = r.toModel();
    expect(m.findings.evidence.map((e) => e.id)).toEqual(['c', 'a']);
    expect(m.findings.evidence[0]?.eventIds).toEqual(['e-c']);
    expect(m.findings.evidenceDropped).toBe(1);
    expect(m.findings.byRule.map((x) => [x.ruleId, x.count])).toEqual([
      ['rule.high', 1],
      ['rule.low', 2],
    ]);
    expect(() => reportAggregator({ capacity: 0 })).toThrow(/capacity must be >= 1/);
    expect(() => reportAggregator({ nope: 1 } as never)).toThrow(/unknown option nope/);
  });
});
