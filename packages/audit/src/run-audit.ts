import { validateOptions } from '@trailkit/core/plugin';
import { type CheckSeverity, type CheckStatus, POSTURE_CHECKS, SEVERITIES } from './checks';
import { RUN_AUDIT_SCHEMA } from './options';
import type { AccountPosture } from './posture';

/** Options of {@link runAudit} (see the README table). */
export interface RunAuditOptions {
  retentionDays?: number;
  maxDeliveryAgeHours?: number;
  organizationAccounts?: string[];
  checks?: string[];
  now?: Date;
}

/** One check's outcome on one resource of one account. */
export interface AuditResult {
  check: string;
  cis?: string;
  title: string;
  severity: CheckSeverity;
  account: string;
  status: CheckStatus;
  resource: string;
  /** The region of the resource (from its ARN: a trail's home region, a key's region; or an AWS Config
   * region); absent for account-wide results and buckets. */
  region?: string;
  evidence: string;
}

/** The region of an ARN (`arn:aws:cloudtrail:us-east-1:...`), or undefined (a bucket name, an account id). */
function regionOfArn(resource: string): string | undefined {
  const parts = resource.split(':');
  return parts[0] === 'arn' && parts.length >= 6 && parts[3] ? parts[3] : undefined;
}

/** The results of {@link runAudit}, with counts. */
export interface AuditReport {
  results: AuditResult[];
  counts: Record<CheckStatus, number>;
  /** The ids of the checks run. */
  checks: string[];
  /** API calls made to gather the postures, by operation, summed over accounts. */
  calls: Record<string, number>;
}

/**
 * Run the posture checks ({@link POSTURE_CHECKS}) over one or more accounts' postures. Pure: no API call.
 * The organization check runs once over `organizationAccounts` (each must show an organization trail or its
 * own multi-region trail); an organization trail seen from a member account satisfies that account's
 * checks, as it does in AWS.
 */
export function runAudit(postures: readonly AccountPosture[], options: RunAuditOptions = {}): AuditReport {
  const o = validateOptions<
    Required<Pick<RunAuditOptions, 'retentionDays' | 'maxDeliveryAgeHours'>> & RunAuditOptions
  >('runAudit', RUN_AUDIT_SCHEMA, options);
  const wanted = o.checks ? new Set(o.checks) : undefined;
  const checks = POSTURE_CHECKS.filter((c) => !wanted || wanted.has(c.id));
  const context = {
    now: o.now ?? new Date(),
    retentionDays: o.retentionDays,
    maxDeliveryAgeHours: o.maxDeliveryAgeHours,
    organizationAccounts: o.organizationAccounts,
    postures,
  };
  const results: AuditResult[] = [];
  for (const check of checks) {
    for (const posture of postures) {
      for (const f of check.run(posture, context)) {
        const region = f.region ?? regionOfArn(f.resource);
        results.push({
          check: check.id,
          ...(check.cis ? { cis: check.cis } : {}),
          title: check.title,
          severity: check.severity,
          account: posture.account,
          ...f,
          ...(region ? { region } : {}),
        });
      }
    }
  }
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, 'not-applicable': 0, error: 0 };
  for (const r of results) counts[r.status] += 1;
  const calls: Record<string, number> = {};
  for (const p of postures) for (const [op, n] of Object.entries(p.calls)) calls[op] = (calls[op] ?? 0) + n;
  return { results, counts, checks: checks.map((c) => c.id), calls };
}

/** The failed results whose severity is `threshold` or above (what makes `trailkit audit` exit 1). */
export function failuresAtOrAbove(report: AuditReport, threshold: CheckSeverity): AuditResult[] {
  const min = SEVERITIES.indexOf(threshold);
  return report.results.filter((r) => r.status === 'fail' && SEVERITIES.indexOf(r.severity) >= min);
}
