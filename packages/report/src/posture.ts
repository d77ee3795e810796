/**
 * The posture section: the results of the posture checks (`trailkit audit`, `@trailkit/audit`'s `runAudit`)
 * arranged for the report, by check (CIS numbering first) and by account and region. The report does not
 * depend on `@trailkit/audit`: {@link PostureSummary} is the shape of its `AuditReport` JSON.
 */
import type { Severity } from '@trailkit/core';

/** Outcome of one posture check on one resource. */
export type PostureStatus = 'pass' | 'fail' | 'not-applicable' | 'error';

/** The outcomes, in the order the report shows them. */
export const POSTURE_STATUSES: readonly PostureStatus[] = ['pass', 'fail', 'not-applicable', 'error'];

/** One posture check's outcome on one resource of one account (an `AuditResult` of `@trailkit/audit`). */
export interface PostureResult {
  /** The check id: `cis-3.1` ... or `trailkit-...`. */
  check: string;
  /** The CIS AWS Foundations control (`3.1`), when the check is one. */
  cis?: string;
  title: string;
  severity: Severity;
  account: string;
  /** The resource's region, when it has one. */
  region?: string;
  status: PostureStatus;
  /** The resource looked at (trail ARN, bucket, key ARN, region, account). */
  resource: string;
  /** What was seen (the API fields and their values). */
  evidence: string;
}

/** Posture results to show in a report: what `trailkit audit --format json` prints (an `AuditReport`). */
export interface PostureSummary {
  results: PostureResult[];
  /** The ids of the checks run (their order breaks ties after the CIS numbering). */
  checks?: string[];
  /** API calls made to read the configuration, by operation. */
  calls?: Record<string, number>;
}

/** One check's outcomes summed over every account and resource. */
export interface PostureCheckRow {
  check: string;
  cis?: string;
  title: string;
  severity: Severity;
  counts: Record<PostureStatus, number>;
}

/** The posture section of the report model. */
export interface PostureSection {
  /** Results by status, over every check and account. */
  counts: Record<PostureStatus, number>;
  /** The accounts audited, in order. */
  accounts: string[];
  /** One row per check, CIS controls in numeric order (3.1, 3.2, ..., 3.10), then the others as run. */
  checks: PostureCheckRow[];
  /** Every result, by account (as audited), then check (as in `checks`), region and resource. */
  results: PostureResult[];
  /** API calls made to read the configuration, when given. */
  calls?: Record<string, number>;
}

const zero = (): Record<PostureStatus, number> => ({ pass: 0, fail: 0, 'not-applicable': 0, error: 0 });

/** `3.10` after `3.9`: compare dotted numbers part by part. */
function compareCis(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Arrange posture results for the report (pure; the input is not changed). */
export function postureSection(summary: PostureSummary): PostureSection {
  const counts = zero();
  const accounts: string[] = [];
  const rows = new Map<string, PostureCheckRow>();
  const firstSeen = new Map<string, number>((summary.checks ?? []).map((id, i) => [id, i]));
  for (const r of summary.results) {
    counts[r.status] += 1;
    if (!accounts.includes(r.account)) accounts.push(r.account);
    if (!firstSeen.has(r.check)) firstSeen.set(r.check, firstSeen.size);
    let row = rows.get(r.check);
    if (!row) {
      row = {
        check: r.check,
        ...(r.cis ? { cis: r.cis } : {}),
        title: r.title,
        severity: r.severity,
        counts: zero(),
      };
      rows.set(r.check, row);
    }
    row.counts[r.status] += 1;
  }
  const order = (a: { check: string; cis?: string }, b: { check: string; cis?: string }) => {
    if (a.cis && b.cis) return compareCis(a.cis, b.cis);
    if (a.cis || b.cis) return a.cis ? -1 : 1;
    return (firstSeen.get(a.check) ?? 0) - (firstSeen.get(b.check) ?? 0);
  };
  const checks = [...rows.values()].sort(order);
  const rank = new Map(checks.map((c, i) => [c.check, i]));
  const results = summary.results
    .map((r) => ({ ...r }))
    .sort(
      (a, b) =>
        accounts.indexOf(a.account) - accounts.indexOf(b.account) ||
        (rank.get(a.check) ?? 0) - (rank.get(b.check) ?? 0) ||
        (a.region ?? '').localeCompare(b.region ?? '') ||
        a.resource.localeCompare(b.resource),
    );
  return {
    counts,
    accounts,
    checks,
    results,
    ...(summary.calls ? { calls: { ...summary.calls } } : {}),
  };
}
