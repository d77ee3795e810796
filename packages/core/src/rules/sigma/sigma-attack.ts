import type { AttackMapping } from '../types';

/** ATT&CK tactics by their Sigma tag names (`attack.<tactic>`), as MITRE spells them. */
const TACTICS = new Set([
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'defense-impairment',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
]);

/**
 * The ATT&CK tactics and techniques in Sigma tags: `attack.t1562.008` → technique `T1562.008`,
 * `attack.defense-evasion` → tactic `defense-evasion` (also `_` spelled as `-`). Groups and software
 * (`attack.g0016`, `attack.s0002`) are not tactics or techniques and are left out. Undefined when none.
 */
export function attackFromSigmaTags(tags: readonly string[]): AttackMapping | undefined {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const tag of tags) {
    const m = /^attack\.(.+)$/i.exec(tag);
    if (!m) continue;
    const rest = (m[1] as string).toLowerCase().replace(/_/g, '-');
    if (/^t\d{4}(\.\d{3})?$/.test(rest)) {
      const t = rest.toUpperCase();
      if (!techniques.includes(t)) techniques.push(t);
    } else if (TACTICS.has(rest) && !tactics.includes(rest)) tactics.push(rest);
  }
  if (tactics.length === 0 && techniques.length === 0) return undefined;
  return { tactics, techniques };
}
