/**
 * Sigma correlation rules (specification v2, sigma-correlation-rules-specification.md), the specification's
 * three examples (many failed logins, many users from one source, recon commands in sequence) adapted to
 * CloudTrail fields.
 */
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../event/trail-event';
import { indexDetectors } from '../detector-index';
import type { Detector, Finding } from '../types';
import { SigmaUnsupportedError } from './sigma-errors';
import { parseSigmaRules } from './sigma-file';

const FAILED_LOGIN = `title: Failed console login
id: 00000000-0000-4000-8000-000000000001
name: failed_login
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName: ConsoleLogin
    errorMessage: Failed authentication
  condition: selection
level: low
`;

function run(detectors: Detector[], events: TrailEvent[]): Finding[] {
  const index = indexDetectors(detectors);
  const out: Finding[] = [];
  for (const e of events) out.push(...(index.process(e) ?? []));
  out.push(...index.flush());
  return out;
}

const login = (second: number, ip: string, user = 'alice'): TrailEvent => ({
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  errorMessage: 'Failed authentication',
  eventTime: `2026-01-01T00:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}Z`,
  sourceIPAddress: ip,
  userIdentity: { type: 'IAMUser', userName: user },
  eventID: `e-${second}-${ip}-${user}`,
});

describe('Sigma correlations', () => {
  it('event_count: gte N events per group-by key within the timespan; the base rule is silenced', () => {
    const text = `${FAILED_LOGIN}---
title: Many failed logins
id: 00000000-0000-4000-8000-000000000002
correlation:
  type: event_count
  rules:
    - failed_login
  group-by:
    - sourceIPAddress
  timespan: 5m
  condition:
    gte: 3
level: high
tags:
  - attack.credential-access
  - attack.t1110
`;
    const rules = parseSigmaRules(text, { file: 'c.yml' });
    expect(rules.map((r) => r.meta.title)).toEqual(['Many failed logins']);
    expect(rules[0]!.eventNames).toEqual(['consolelogin']);
    const found = run(rules, [
      login(0, '1.1.1.1'),
      login(10, '2.2.2.2'),
      login(20, '1.1.1.1'),
      login(30, '1.1.1.1'),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]!.events.map((e) => e.sourceIPAddress)).toEqual(['1.1.1.1', '1.1.1.1', '1.1.1.1']);
    expect(found[0]!.rule.attack).toEqual({ tactics: ['credential-access'], techniques: ['T1110'] });
    // outside the timespan: no finding
    expect(
      run(parseSigmaRules(text), [login(0, '1.1.1.1'), login(200, '1.1.1.1'), login(400, '1.1.1.1')]),
    ).toHaveLength(0);
  });

  it('value_count: that many distinct values of a field; generate: true keeps the base rule', () => {
    const text = `${FAILED_LOGIN}---
title: Logins with many users from one source
id: 00000000-0000-4000-8000-000000000003
correlation:
  type: value_count
  rules: failed_login
  group-by: [sourceIPAddress]
  timespan: 1h
  generate: true
  condition:
    field: userIdentity.userName
    gt: 2
`;
    const rules = parseSigmaRules(text);
    expect(rules).toHaveLength(2);
    const events = [
      login(0, '9.9.9.9', 'a'),
      login(1, '9.9.9.9', 'a'),
      login(2, '9.9.9.9', 'b'),
      login(3, '9.9.9.9', 'a'),
    ];
    const base = run(parseSigmaRules(text), events).filter((f) => f.rule.title === 'Failed console login');
    expect(base).toHaveLength(4);
    expect(
      run(parseSigmaRules(text), events).filter((f) => f.rule.title !== 'Failed console login'),
    ).toHaveLength(0);
    const more = [...events, login(4, '9.9.9.9', 'c')];
    const found = run(parseSigmaRules(text), more).filter((f) => f.rule.title !== 'Failed console login');
    expect(found).toHaveLength(1);
  });

  it('temporal and temporal_ordered: every rule within the timespan (in order)', () => {
    const recon = (name: string, n: number) => `title: ${name}
id: 00000000-0000-4000-8000-00000000001${n}
name: ${name}
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName: ${name}
  condition: selection
---
`;
    const corr = (type: string) =>
      `${recon('GetCallerIdentity', 1)}${recon('ListUsers', 2)}title: Recon sequence
id: 00000000-0000-4000-8000-000000000020
correlation:
  type: ${type}
  rules: [GetCallerIdentity, ListUsers]
  group-by: [userIdentity.userName]
  timespan: 10m
`;
    const call = (name: string, second: number): TrailEvent => ({
      eventName: name,
      eventTime: `2026-01-01T00:00:${String(second).padStart(2, '0')}Z`,
      userIdentity: { userName: 'bob' },
      eventID: `${name}-${second}`,
    });
    const reversed = [call('ListUsers', 1), call('GetCallerIdentity', 2)];
    expect(run(parseSigmaRules(corr('temporal')), reversed)).toHaveLength(1);
    expect(run(parseSigmaRules(corr('temporal_ordered')), reversed)).toHaveLength(0);
    expect(run(parseSigmaRules(corr('temporal_ordered')), [...reversed, call('ListUsers', 3)])).toHaveLength(
      1,
    );
  });

  it('refuses what a streaming detector cannot decide, naming the construct', () => {
    const lt = `${FAILED_LOGIN}---
title: Too few
id: 00000000-0000-4000-8000-000000000004
correlation:
  type: event_count
  rules: [failed_login]
  timespan: 1h
  condition:
    lt: 3
`;
    expect(() => parseSigmaRules(lt, { file: 'lt.yml' })).toThrow(
      /lt\.yml: Sigma rule #2 "Too few".*correlation condition/,
    );
    const other = lt.replace('rules: [failed_login]', 'rules: [elsewhere]').replace('lt: 3', 'gte: 3');
    expect(() => parseSigmaRules(other)).toThrow(SigmaUnsupportedError);
    expect(() => parseSigmaRules(other)).toThrow(/not in the same file/);
    expect(() => parseSigmaRules(lt.replace('event_count', 'value_sum'))).toThrow(
      /correlation type "value_sum"/,
    );
  });
});
