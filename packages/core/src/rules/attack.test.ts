import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../event/trail-event';
import { attackFromTags, TECHNIQUE_TACTICS } from './attack';
import { rulePack } from './rule-pack';
import { toDetectors } from './to-detector';
import type { Detector, Rule } from './types';

const metaOf = (r: Rule | Detector) => ('process' in r ? r.meta : r);

describe('ATT&CK on the built-in rules', () => {
  it('every built-in rule and detector names the techniques it detects, with their tactics', () => {
    const all = rulePack('all');
    expect(all.length).toBeGreaterThanOrEqual(62);
    for (const r of all) {
      const attack = metaOf(r)?.attack;
      expect(attack?.techniques.length, r.id).toBeGreaterThan(0);
      expect(attack?.tactics.length, r.id).toBeGreaterThan(0);
      for (const t of attack!.techniques) expect(TECHNIQUE_TACTICS.has(t), `${r.id}: ${t}`).toBe(true);
      // the mapping agrees with the rule's attack: tags
      expect(attack).toEqual(attackFromTags(metaOf(r)!.tags));
    }
  });

  it('findings carry the mapping', () => {
    const [stop] = toDetectors(rulePack('threats').filter((r) => r.id === 'threats.cloudtrail-stopped'));
    const event = {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      eventID: 'x',
    } as TrailEvent;
    const [finding] = stop!.process(event)!;
    expect(finding!.rule.attack).toEqual({ tactics: ['defense-evasion'], techniques: ['T1562.008'] });
    expect(finding!.rule.source).toBe('threats');
  });

  it('maps tags to techniques and tactics, ignoring other tags', () => {
    expect(attackFromTags(['cis:4.1', 'attack:T1098', 'attack:T1098', 'attack:T9999'])).toEqual({
      techniques: ['T1098', 'T9999'],
      tactics: ['persistence', 'privilege-escalation'],
    });
    expect(attackFromTags(['threats'])).toBeUndefined();
  });
});
