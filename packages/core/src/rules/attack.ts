import type { AttackMapping } from './types';

const PERSIST_PRIV = ['persistence', 'privilege-escalation'];
const VALID_ACCOUNTS = ['defense-evasion', 'persistence', 'privilege-escalation', 'initial-access'];

/**
 * The ATT&CK (Enterprise, cloud matrix) tactics of each technique used by the built-in rules, as MITRE lists
 * them on the technique's page.
 */
export const TECHNIQUE_TACTICS: ReadonlyMap<string, readonly string[]> = new Map([
  ['T1021', ['lateral-movement']],
  ['T1021.004', ['lateral-movement']],
  ['T1059', ['execution']],
  ['T1070', ['defense-evasion']],
  ['T1078', VALID_ACCOUNTS],
  ['T1078.004', VALID_ACCOUNTS],
  ['T1098', PERSIST_PRIV],
  ['T1098.001', PERSIST_PRIV],
  ['T1098.003', PERSIST_PRIV],
  ['T1110', ['credential-access']],
  ['T1136.003', ['persistence']],
  ['T1190', ['initial-access']],
  ['T1484.002', ['defense-evasion', 'privilege-escalation']],
  ['T1485', ['impact']],
  ['T1496', ['impact']],
  ['T1525', ['persistence']],
  ['T1530', ['collection']],
  ['T1537', ['exfiltration']],
  ['T1546', PERSIST_PRIV],
  ['T1550.001', ['defense-evasion', 'lateral-movement']],
  ['T1552', ['credential-access']],
  ['T1552.005', ['credential-access']],
  ['T1555.006', ['credential-access']],
  ['T1556.006', ['credential-access', 'defense-evasion', 'persistence']],
  ['T1562', ['defense-evasion']],
  ['T1562.001', ['defense-evasion']],
  ['T1562.007', ['defense-evasion']],
  ['T1562.008', ['defense-evasion']],
  ['T1578.005', ['defense-evasion']],
  ['T1580', ['discovery']],
  ['T1599', ['defense-evasion']],
  ['T1651', ['execution']],
  ['T1666', ['defense-evasion', 'privilege-escalation']],
]);

/**
 * The ATT&CK mapping of trailkit tags (`attack:T1562.008`): the techniques, and their tactics from
 * {@link TECHNIQUE_TACTICS} (a technique not in the table adds no tactic). Undefined when no tag names one.
 */
export function attackFromTags(tags: readonly string[] | undefined): AttackMapping | undefined {
  const techniques: string[] = [];
  const tactics: string[] = [];
  for (const tag of tags ?? []) {
    const m = /^attack:(T\d{4}(?:\.\d{3})?)$/.exec(tag);
    if (!m || techniques.includes(m[1] as string)) continue;
    techniques.push(m[1] as string);
    for (const t of TECHNIQUE_TACTICS.get(m[1] as string) ?? []) if (!tactics.includes(t)) tactics.push(t);
  }
  return techniques.length > 0 ? { tactics, techniques } : undefined;
}
