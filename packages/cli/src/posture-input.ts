/** `trailkit report --posture <file>`: read what `trailkit audit --format json` wrote, checked field by field. */
import { readFile } from 'node:fs/promises';
import { SEVERITIES } from '@trailkit/core';
import type { PostureResult, PostureSummary } from '@trailkit/report';
import { UsageError } from './errors';

const REQUIRED = ['check', 'title', 'account', 'resource', 'evidence'] as const;
const OPTIONAL = ['cis', 'region'] as const;

/**
 * The posture results in `path`: an `AuditReport` (`results`, with `checks` and `calls` when present).
 * @throws UsageError when the file cannot be read, is not JSON, or a result lacks a field or has a bad one.
 */
export async function readPosture(path: string): Promise<PostureSummary> {
  // loaded here, not at the CLI's start: the report library brings its chart renderer
  const { POSTURE_STATUSES } = await import('@trailkit/report');
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--posture ${path}: ${(error as Error).message}`);
  }
  const bad = (what: string) =>
    new UsageError(`--posture ${path}: ${what} (give the output of trailkit audit --format json)`);
  const v = value as { results?: unknown; checks?: unknown; calls?: unknown } | null;
  if (typeof v !== 'object' || v === null || !Array.isArray(v.results)) throw bad('no results array');
  const results: PostureResult[] = v.results.map((r: unknown, i: number) => {
    if (typeof r !== 'object' || r === null) throw bad(`results[${i}] is not an object`);
    const o = r as Record<string, unknown>;
    for (const key of REQUIRED)
      if (typeof o[key] !== 'string') throw bad(`results[${i}].${key} must be a string`);
    for (const key of OPTIONAL)
      if (o[key] !== undefined && typeof o[key] !== 'string')
        throw bad(`results[${i}].${key} must be a string`);
    if (!POSTURE_STATUSES.includes(o.status as PostureResult['status']))
      throw bad(`results[${i}].status must be one of ${POSTURE_STATUSES.join(', ')}`);
    if (!SEVERITIES.includes(o.severity as PostureResult['severity']))
      throw bad(`results[${i}].severity must be one of ${SEVERITIES.join(', ')}`);
    return {
      check: o.check as string,
      ...(o.cis !== undefined ? { cis: o.cis as string } : {}),
      title: o.title as string,
      severity: o.severity as PostureResult['severity'],
      account: o.account as string,
      ...(o.region !== undefined ? { region: o.region as string } : {}),
      status: o.status as PostureResult['status'],
      resource: o.resource as string,
      evidence: o.evidence as string,
    };
  });
  if (v.checks !== undefined && !(Array.isArray(v.checks) && v.checks.every((c) => typeof c === 'string')))
    throw bad('checks must be a list of check ids');
  let calls: Record<string, number> | undefined;
  if (v.calls !== undefined) {
    if (typeof v.calls !== 'object' || v.calls === null) throw bad('calls must be an object');
    calls = {};
    for (const [op, n] of Object.entries(v.calls)) {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
        throw bad(`calls.${op} must be a non-negative integer`);
      calls[op] = n;
    }
  }
  return {
    results,
    ...(v.checks !== undefined ? { checks: v.checks as string[] } : {}),
    ...(calls ? { calls } : {}),
  };
}
