/**
 * The report model: plain JSON (no classes, no Dates), versioned, the one input of every renderer.
 * Built by `reportAggregator().toModel()`; its size depends on the options (top-K capacity, time buckets,
 * evidence kept), never on the number of events.
 */
import type { Severity } from '@trailkit/core';
import type { PostureSection, PostureStatus } from './posture';

/** One row of a top-K table (Space-Saving; see {@link TopTable}). */
export interface TopRow {
  /** The value (a principal ARN, an IP, a user agent, `service:Api`, ...). */
  key: string;
  /** Estimated count: `count - error <= true count <= count`. */
  count: number;
  /** Largest possible over-estimation of `count` (0: exact). */
  error: number;
  /** True when the row is certainly in the true top-K (its lower bound beats the next row's estimate). */
  guaranteed: boolean;
}

/**
 * A top-K table of a high-cardinality dimension, from a Space-Saving summary of `capacity` counters over
 * `total` values. Error bound: each row's count over-estimates by at most `maxError = total / capacity`
 * (0 while fewer than `capacity` distinct values were seen: then the counts are exact), and every value
 * seen more than `maxError` times is in the summary.
 */
export interface TopTable {
  rows: TopRow[];
  /** Values counted. */
  total: number;
  /** Counters kept. */
  capacity: number;
  /** Distinct values kept in the summary (when less than `capacity`, the table is exact and complete). */
  distinctKept: number;
  /** The bound on every row's over-estimation. */
  maxError: number;
}

/** Counts of one time bucket. */
export interface ActivityBucket {
  /** ISO-8601 start of the bucket. */
  start: string;
  events: number;
  /** Events with `readOnly: true`. */
  read: number;
  /** Events with `readOnly: false` or missing (CloudTrail writes it for management events). */
  write: number;
  /** Events with an `errorCode`. */
  errors: number;
  /** Errors that are access denials (`AccessDenied*`, `*UnauthorizedOperation`, `Client.UnauthorizedOperation`). */
  accessDenied: number;
  /** Findings in this bucket, by severity. */
  findings: Partial<Record<Severity, number>>;
}

/** A run of hours with no events for an account and region that otherwise logs every hour. */
export interface SilentPeriod {
  account: string;
  region: string;
  /** ISO-8601 start of the first silent hour. */
  from: string;
  /** ISO-8601 end of the last silent hour (exclusive). */
  until: string;
  hours: number;
}

/** A finding kept as evidence. */
export interface FindingEvidence {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  time: string;
  summary: string;
  principal?: string;
  sourceIPAddress?: string;
  account?: string;
  region?: string;
  /** `eventID`s of the events behind the finding (at most 10). */
  eventIds: string[];
}

/** Findings of one rule. */
export interface RuleRow {
  ruleId: string;
  title: string;
  severity: Severity;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** One CIS monitoring control (4.1 to 4.15) and whether it fired. */
export interface CisControlRow {
  /** `4.1` ... `4.15`. */
  control: string;
  ruleId: string;
  title: string;
  severity: Severity;
  matches: number;
  firstSeen?: string;
  lastSeen?: string;
}

/** The result of an integrity check (`trailkit verify`) to show in the report, as the caller gives it. */
export interface IntegritySummary {
  /** Digest files checked. */
  digests: number;
  /** Log files whose hash matched. */
  validFiles: number;
  /** Log files missing or whose hash did not match. */
  invalidFiles: number;
  /** Breaks in the digest chain (missing or unlinked digests). */
  gaps: number;
  /** Problems, one line each (at most 50 are shown). */
  problems?: string[];
}

/** The report model (version 1). */
export interface ReportModel {
  version: 1;
  title: string;
  /** ISO-8601 time the model was built. */
  generatedAt: string;
  scope: {
    /** The inputs, as the caller named them (paths, URIs). */
    inputs: string[];
    /** Filters the caller applied (`since`, `until`, accounts, regions, rules), for the record. */
    filters: Record<string, string>;
    /** Time range actually covered: the earliest and latest event time. */
    firstEvent?: string;
    lastEvent?: string;
    accounts: TopTable;
    regions: TopTable;
    events: number;
    /** Events without a readable time (not in the time series). */
    eventsWithoutTime: number;
    /** Objects (files, S3 objects, ...) read, when the caller gave the run summary. */
    objects?: number;
    /** Invalid records skipped, by code, when the caller gave the run summary. */
    invalid?: { total: number; byCode: Record<string, number> };
  };
  activity: {
    /** Bucket width: `hour`, `day`, or `N days` when the range was too long for daily buckets. */
    bucket: string;
    bucketMs: number;
    buckets: ActivityBucket[];
    read: number;
    write: number;
    errors: number;
    accessDenied: number;
  };
  silentPeriods: {
    /** Account-region pairs that log every hour (`regularity` of their logged hours are followed by another). */
    regularPairs: number;
    pairsTracked: number;
    /** Pairs not tracked (over the option `maxAccountRegions`). */
    pairsDropped: number;
    periods: SilentPeriod[];
  };
  errors: {
    byCode: TopTable;
    byPrincipal: TopTable;
    accessDeniedByPrincipal: TopTable;
  };
  top: {
    principals: TopTable;
    apis: TopTable;
    services: TopTable;
    regions: TopTable;
    sourceIPs: TopTable;
    userAgents: TopTable;
    resources: TopTable;
  };
  signIns: {
    total: number;
    successWithMfa: number;
    successWithoutMfa: number;
    failures: number;
    withoutMfaByUser: TopTable;
    failuresByUser: TopTable;
  };
  root: {
    events: number;
    firstSeen?: string;
    lastSeen?: string;
    apis: TopTable;
    sourceIPs: TopTable;
  };
  findings: {
    total: number;
    bySeverity: Record<Severity, number>;
    byRule: RuleRow[];
    /** Rules not listed (over the option `maxRules`); their findings are in `total`. */
    rulesDropped: number;
    /** The most severe findings (the option `maxEvidence`), most severe first, then by time. */
    evidence: FindingEvidence[];
    /** Findings counted but not kept as evidence. */
    evidenceDropped: number;
  };
  cis: {
    benchmarkVersion: string;
    controls: CisControlRow[];
  };
  integrity?: IntegritySummary;
  /** Posture checks of the trail set-up (`trailkit audit`), when given. */
  posture?: PostureSection;
}

/** The headline numbers of a report, as every renderer shows them. */
export interface ReportSummary {
  events: number;
  findings: number;
  findingsBySeverity: Record<Severity, number>;
  /** Matches per CIS control (`4.1` ... `4.15`). */
  cisMatches: Record<string, number>;
  errors: number;
  accessDenied: number;
  /** Posture results by status, when the report has a posture section. */
  posture?: Record<PostureStatus, number>;
}

/** The headline numbers of `model`. */
export function summarizeReport(model: ReportModel): ReportSummary {
  return {
    events: model.scope.events,
    findings: model.findings.total,
    findingsBySeverity: { ...model.findings.bySeverity },
    cisMatches: Object.fromEntries(model.cis.controls.map((c) => [c.control, c.matches])),
    errors: model.activity.errors,
    accessDenied: model.activity.accessDenied,
    ...(model.posture ? { posture: { ...model.posture.counts } } : {}),
  };
}
