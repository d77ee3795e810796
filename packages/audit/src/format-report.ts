import type { AuditReport } from './run-audit';

/** A plain-text table of an audit report: one line per result, then the counts. */
export function formatAuditTable(report: AuditReport): string {
  const rows = report.results.map((r) => [
    r.status.toUpperCase(),
    r.cis ? `CIS ${r.cis}` : r.check,
    r.severity,
    r.account,
    r.region ?? '-',
    r.resource,
    r.evidence,
  ]);
  const head = ['STATUS', 'CHECK', 'SEVERITY', 'ACCOUNT', 'REGION', 'RESOURCE', 'EVIDENCE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const c = report.counts;
  return [
    line(head),
    ...rows.map(line),
    '',
    `${report.checks.length} checks: ${c.pass} pass, ${c.fail} fail, ${c['not-applicable']} not applicable, ${c.error} error`,
  ].join('\n');
}
