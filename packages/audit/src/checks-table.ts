import type { PostureCheck } from './checks';

/** A Markdown table of checks (id, CIS, severity, title, API calls), for the README. */
export function checksTable(checks: readonly PostureCheck[]): string {
  const rows = ['| check | CIS v1.4 | severity | what it checks | API calls |', '|---|---|---|---|---|'];
  for (const c of checks)
    rows.push(`| \`${c.id}\` | ${c.cis ?? ''} | ${c.severity} | ${c.title} | ${c.apiCalls} |`);
  return rows.join('\n');
}
