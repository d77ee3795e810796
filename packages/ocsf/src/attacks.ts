/** A rule's ATT&CK mapping → OCSF `attacks`. */
import { type AttackMapping, attackFromTags, type RuleMeta, TECHNIQUE_TACTICS } from '@trailkit/core';
import type { OcsfAttack } from './types';

/** The ATT&CK Enterprise tactics: trailkit's names (`defense-evasion`) → MITRE's id and name. */
export const TACTICS: ReadonlyMap<string, { uid: string; name: string }> = new Map([
  ['reconnaissance', { uid: 'TA0043', name: 'Reconnaissance' }],
  ['resource-development', { uid: 'TA0042', name: 'Resource Development' }],
  ['initial-access', { uid: 'TA0001', name: 'Initial Access' }],
  ['execution', { uid: 'TA0002', name: 'Execution' }],
  ['persistence', { uid: 'TA0003', name: 'Persistence' }],
  ['privilege-escalation', { uid: 'TA0004', name: 'Privilege Escalation' }],
  ['defense-evasion', { uid: 'TA0005', name: 'Defense Evasion' }],
  ['credential-access', { uid: 'TA0006', name: 'Credential Access' }],
  ['discovery', { uid: 'TA0007', name: 'Discovery' }],
  ['lateral-movement', { uid: 'TA0008', name: 'Lateral Movement' }],
  ['collection', { uid: 'TA0009', name: 'Collection' }],
  ['exfiltration', { uid: 'TA0010', name: 'Exfiltration' }],
  ['command-and-control', { uid: 'TA0011', name: 'Command and Control' }],
  ['impact', { uid: 'TA0040', name: 'Impact' }],
]);

const techniqueUrl = (id: string) => `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;

/**
 * One `attack` per technique of the rule (its `attack` mapping, else its `attack:T…` tags): the technique
 * (a sub-technique as `sub_technique` with its parent as `technique`) and the rule's tactics that the
 * technique belongs to. A rule with tactics and no technique gets one entry per tactic. Undefined when the
 * rule names neither.
 */
export function attacksOf(rule: RuleMeta): OcsfAttack[] | undefined {
  const mapping: AttackMapping | undefined = rule.attack ?? attackFromTags(rule.tags);
  if (!mapping) return undefined;
  const ruleTactics = mapping.tactics.filter((t) => TACTICS.has(t));
  const out: OcsfAttack[] = [];
  for (const id of mapping.techniques) {
    const parent = id.split('.')[0] as string;
    const attack: OcsfAttack = { technique: { uid: parent, src_url: techniqueUrl(parent) } };
    if (parent !== id) attack.sub_technique = { uid: id, src_url: techniqueUrl(id) };
    const known = TECHNIQUE_TACTICS.get(id) ?? TECHNIQUE_TACTICS.get(parent);
    const tactics = known ? ruleTactics.filter((t) => known.includes(t)) : ruleTactics;
    const entries = (tactics.length > 0 ? tactics : ruleTactics).map(
      (t) => TACTICS.get(t) as { uid: string; name: string },
    );
    if (entries.length > 0) {
      attack.tactic = entries[0] as { uid: string; name: string };
      attack.tactics = entries;
    }
    out.push(attack);
  }
  if (mapping.techniques.length === 0) {
    for (const t of ruleTactics) out.push({ tactic: TACTICS.get(t) as { uid: string; name: string } });
  }
  return out.length > 0 ? out : undefined;
}
