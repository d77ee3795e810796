import { describe, expect, it } from 'vitest';
import { attacksOf } from './attacks';

const rule = { id: 'r', title: 'R', severity: 'high' as const };

describe('attacksOf', () => {
  it("keeps only the rule's tactics that the technique belongs to", () => {
    // T1078.004 (valid cloud accounts) is in defense evasion, persistence, privilege escalation, initial access
    const attacks = attacksOf({
      ...rule,
      attack: { techniques: ['T1078.004', 'T1530'], tactics: ['initial-access', 'collection'] },
    });
    expect(attacks).toEqual([
      {
        technique: { uid: 'T1078', src_url: 'https://attack.mitre.org/techniques/T1078/' },
        sub_technique: { uid: 'T1078.004', src_url: 'https://attack.mitre.org/techniques/T1078/004/' },
        tactic: { uid: 'TA0001', name: 'Initial Access' },
        tactics: [{ uid: 'TA0001', name: 'Initial Access' }],
      },
      {
        technique: { uid: 'T1530', src_url: 'https://attack.mitre.org/techniques/T1530/' },
        tactic: { uid: 'TA0009', name: 'Collection' },
        tactics: [{ uid: 'TA0009', name: 'Collection' }],
      },
    ]);
  });

  it('a technique trailkit has no tactics for gets all the rule’s; tactics alone give tactic entries', () => {
    expect(
      attacksOf({ ...rule, attack: { techniques: ['T9999'], tactics: ['impact'] } })?.[0]?.tactics,
    ).toEqual([{ uid: 'TA0040', name: 'Impact' }]);
    expect(attacksOf({ ...rule, attack: { techniques: [], tactics: ['discovery'] } })).toEqual([
      { tactic: { uid: 'TA0007', name: 'Discovery' } },
    ]);
    expect(attacksOf(rule)).toBeUndefined();
    expect(attacksOf({ ...rule, tags: ['attack:T1562.008'] })?.[0]?.sub_technique?.uid).toBe('T1562.008');
  });
});
