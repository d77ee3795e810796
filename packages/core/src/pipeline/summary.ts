import { SEVERITIES, type Severity } from '../rules/types';
import type { RunSummary, SinkStats } from './types';

/** A zeroed summary for a run of `source` writing to `sinks`. */
export function emptySummary(source: string, sinks: readonly string[], deadLetter?: string): RunSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  return {
    source,
    objects: 0,
    bytes: 0,
    batches: 0,
    committedBatches: 0,
    events: { read: 0, passed: 0, invalid: 0, duplicates: 0 },
    invalidByCode: {},
    findings: { total: 0, byRule: {}, bySeverity },
    sinks: sinks.map(emptySinkStats),
    deadLetter: deadLetter === undefined ? undefined : emptySinkStats(deadLetter),
    position: undefined,
    durationMs: 0,
    aborted: false,
  };
}

/** Zeroed counts for one sink. */
export function emptySinkStats(name: string): SinkStats {
  return { name, written: 0, writes: 0, retried: 0, failed: 0, deadLettered: 0 };
}

/** A deep copy, safe to hand to callers while the run goes on. */
export function copySummary(summary: RunSummary): RunSummary {
  return structuredClone(summary);
}
