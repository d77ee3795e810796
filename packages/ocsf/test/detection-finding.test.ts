import {
  cisRules,
  type Finding,
  makeFinding,
  SEVERITIES,
  threatRules,
  toDetectors,
  type TrailEvent,
} from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { ocsfMapper, toDetectionFinding } from '../src/index';
import { detectionFindingErrors } from './ocsf-schema';
import { realEvent, realEvents } from './real-events';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The findings the built-in CIS and threat rules raise over every real event. */
async function realFindings(): Promise<Finding[]> {
  const detectors = toDetectors([...cisRules(), ...threatRules()]);
  const findings: Finding[] = [];
  for (const { event } of await realEvents()) {
    for (const d of detectors) findings.push(...(d.process(event) ?? []));
  }
  for (const d of detectors) findings.push(...(d.flush?.() ?? []));
  return findings;
}

describe('toDetectionFinding', () => {
  it('maps every finding the built-in rules raise on the real data to a valid Detection Finding', async () => {
    const findings = await realFindings();
    expect(findings.length).toBeGreaterThan(50);
    const mapper = ocsfMapper();
    const failures: string[] = [];
    for (const f of findings) {
      const r = mapper.map(f);
      const errors = detectionFindingErrors(r);
      if (errors.length > 0) failures.push(`${f.rule.id} ${f.id}: ${errors.slice(0, 3).join('; ')}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // ATT&CK-tagged rules are among them, so attacks are validated too
    expect(findings.some((f) => (mapper.detectionFinding(f).finding_info.attacks?.length ?? 0) > 0)).toBe(
      true,
    );
  });

  it('finding_info, severity, evidences, and the cloud and actor of the triggering event', async () => {
    const findings = await realFindings();
    const f = findings.find((x) => x.rule.attack?.techniques.some((t) => t.includes('.')));
    expect(f).toBeDefined();
    const finding = f as Finding;
    const event = finding.events[finding.events.length - 1] as TrailEvent;
    const r = toDetectionFinding(finding);
    expect(detectionFindingErrors(r)).toEqual([]);
    expect(r).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      status: 'New',
      message: finding.summary,
      time: Date.parse(finding.time),
      metadata: { version: '1.5.0', uid: finding.id },
      finding_info: {
        uid: finding.id,
        title: finding.rule.title,
        analytic: { uid: finding.rule.id, name: finding.rule.title, type_id: 1, type: 'Rule' },
      },
      cloud: { provider: 'AWS', region: event.awsRegion, account: { uid: event.recipientAccountId } },
      actor: { user: { uid: event.userIdentity?.arn } },
      api: { operation: event.eventName },
    });
    expect(r.finding_info.desc).toBe(finding.rule.description ?? finding.summary);
    expect(r.evidences.map((e) => e.uid)).toEqual(finding.events.map((e) => e.eventID));
    const sub = finding.rule.attack?.techniques.find((t) => t.includes('.')) as string;
    const attack = r.finding_info.attacks?.find((a) => a.sub_technique?.uid === sub);
    expect(attack?.technique?.uid).toBe(sub.split('.')[0]);
    expect(attack?.tactics?.length).toBeGreaterThan(0);
    for (const t of attack?.tactics ?? []) expect(t.uid).toMatch(/^TA\d{4}$/);
  });

  it('severity_id follows the rule severity, and attacks come from the ATT&CK tags', async () => {
    const event = await realEvent((e) => e.eventName === 'StopLogging' || e.eventName === 'DeleteTrail');
    const ids = SEVERITIES.map((severity) => {
      const f = makeFinding(
        { id: 'test.rule', title: 'A test rule', severity, tags: ['attack:T1562.008', 'cis:3.5'] },
        [event],
      );
      const r = toDetectionFinding(f);
      expect(detectionFindingErrors(r)).toEqual([]);
      expect(r.finding_info.attacks).toEqual([
        {
          technique: { uid: 'T1562', src_url: 'https://attack.mitre.org/techniques/T1562/' },
          sub_technique: { uid: 'T1562.008', src_url: 'https://attack.mitre.org/techniques/T1562/008/' },
          tactic: { uid: 'TA0005', name: 'Defense Evasion' },
          tactics: [{ uid: 'TA0005', name: 'Defense Evasion' }],
        },
      ]);
      expect(r.finding_info.types).toEqual(['cis:3.5']);
      return [r.severity_id, r.severity];
    });
    expect(ids).toEqual([
      [1, 'Informational'],
      [2, 'Low'],
      [3, 'Medium'],
      [4, 'High'],
      [5, 'Critical'],
    ]);
  });

  it('the OCSF schema rejects a broken Detection Finding', async () => {
    const event = await realEvent((e) => e.userIdentity?.type === 'IAMUser');
    const good = toDetectionFinding(makeFinding({ id: 't.r', title: 'T', severity: 'high' }, [event]));
    expect(detectionFindingErrors(good)).toEqual([]);
    const broken: Array<[string, (r: Record<string, any>) => void]> = [
      ['no finding_info.uid', (r) => delete r.finding_info.uid],
      ['no finding_info', (r) => delete r.finding_info],
      ['no analytic.type_id', (r) => delete r.finding_info.analytic.type_id],
      ['an unknown severity', (r) => (r.severity_id = 9)],
      ['the wrong type', (r) => (r.type_uid = 600301)],
      ['an empty evidence', (r) => (r.evidences = [{ uid: 'x' }])],
      ['an attack with neither tactic nor technique', (r) => (r.finding_info.attacks = [{}])],
    ];
    for (const [what, breakIt] of broken) {
      const r = clone(good) as Record<string, any>;
      breakIt(r);
      expect(detectionFindingErrors(r), what).not.toEqual([]);
    }
  });
});
