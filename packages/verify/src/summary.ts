import { PROBLEM_KINDS, type Problem, type ProblemKind, type VerifyResult } from './types';

/** Totals of a verification, like aws-cli's closing lines, plus what was checked and what was not. */
export interface VerifySummary {
  /** Digests valid, and all digests (those found plus those missing from the chain). */
  digests: { valid: number; total: number };
  /** Log files valid, and all log files named in digests. */
  logFiles: { valid: number; total: number };
  /** Problems by kind. */
  problems: Record<ProblemKind, number>;
  /** The periods the chain has no digests for (`gap` problems). */
  gaps: Array<{ from: string; to: string; key: string }>;
  /** The time the valid digests cover, clamped to the range asked for; undefined when none. */
  found: { from: string; to: string } | undefined;
  /** Digests whose signature was checked, and those without a signature to check. */
  signatures: { checked: number; unavailable: number };
  /** True when nothing is wrong. */
  ok: boolean;
}

/**
 * Accumulate {@link VerifyResult}s into a {@link VerifySummary} without keeping them (memory stays flat).
 * `range` clamps the found period, as aws-cli does.
 */
export function verifySummary(range: { since: Date; until: Date }): {
  add(result: VerifyResult): void;
  summary(): VerifySummary;
} {
  const problems = Object.fromEntries(PROBLEM_KINDS.map((k) => [k, 0])) as Record<ProblemKind, number>;
  const s: VerifySummary = {
    digests: { valid: 0, total: 0 },
    logFiles: { valid: 0, total: 0 },
    problems,
    gaps: [],
    found: undefined,
    signatures: { checked: 0, unavailable: 0 },
    ok: true,
  };
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  const addProblem = (p: Problem) => {
    problems[p.kind] += 1;
    s.ok = false;
    if (p.kind === 'gap') s.gaps.push({ from: p.from ?? '', to: p.to ?? '', key: p.key });
    if (p.kind === 'digest-missing') s.digests.total += 1;
  };
  return {
    add(r) {
      if (r.type === 'problem') addProblem(r);
      else if (r.type === 'log') {
        s.logFiles.total += 1;
        if (r.status === 'valid') s.logFiles.valid += 1;
      } else {
        s.digests.total += 1;
        if (r.signature === 'unavailable') s.signatures.unavailable += 1;
        else s.signatures.checked += 1;
        if (!r.valid) return;
        s.digests.valid += 1;
        from = Math.min(from, Math.max(Date.parse(r.startTime), range.since.getTime()));
        to = Math.max(to, Math.min(Date.parse(r.endTime), range.until.getTime()));
      }
    },
    summary() {
      const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return { ...s, found: Number.isFinite(from) ? { from: iso(from), to: iso(to) } : undefined };
    },
  };
}
