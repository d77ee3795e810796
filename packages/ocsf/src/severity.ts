/** trailkit severities → OCSF `severity_id`. */
import type { Severity } from '@trailkit/core';

/** OCSF `severity_id` and caption of each trailkit severity. */
export const SEVERITY_IDS: Readonly<Record<Severity, { id: number; caption: string }>> = {
  info: { id: 1, caption: 'Informational' },
  low: { id: 2, caption: 'Low' },
  medium: { id: 3, caption: 'Medium' },
  high: { id: 4, caption: 'High' },
  critical: { id: 5, caption: 'Critical' },
};

/** The OCSF severity of a trailkit severity (0 Unknown for anything else). */
export function severityOf(severity: string): { severity_id: number; severity: string } {
  const s = SEVERITY_IDS[severity as Severity];
  return s ? { severity_id: s.id, severity: s.caption } : { severity_id: 0, severity: 'Unknown' };
}
