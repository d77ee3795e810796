/** The bounded-memory aggregate of events and findings behind a report. */
import {
  CIS_BENCHMARK_VERSION,
  cisRules,
  type DetectorIndex,
  describeAction,
  describeActor,
  eventTimeMillis,
  type Finding,
  indexDetectors,
  principalOf,
  type RunSummary,
  SEVERITIES,
  type Severity,
  type Sink,
  type TrailEvent,
} from '@trailkit/core';
import { validateOptions } from '@trailkit/core/plugin';
import { EvidenceList } from './evidence';
import type { CisControlRow, IntegritySummary, ReportModel, RuleRow, TopTable } from './model';
import { type PostureSummary, postureSection } from './posture';
import { REPORT_OPTIONS_SCHEMA, type ReportOptions, type ResolvedReportOptions } from './options';
import { SilentHours } from './silent-hours';
import { SpaceSaving } from './space-saving';
import { TimeSeries } from './time-series';

/** Longest value kept in a top table (user agents can be long); longer ones are cut with `…`. */
const MAX_KEY_LENGTH = 256;
/** Days per account-region pair tracked for silent periods. */
const MAX_SILENT_DAYS = 400;

/** What the caller knows about the run, shown in the scope section. */
export interface ReportContext {
  /** The inputs as the user named them. */
  inputs?: readonly string[];
  /** Filters applied (shown as given), e.g. `{ since: '2026-11-01', rules: 'cis,threats' }`. */
  filters?: Record<string, string>;
  /** The pipeline's run summary: objects read and invalid records. */
  runSummary?: Pick<RunSummary, 'objects' | 'events' | 'invalidByCode'>;
  /** Integrity (`verify`) results to summarize. */
  integrity?: IntegritySummary;
  /** Posture check results (`trailkit audit --format json`, `@trailkit/audit`'s `AuditReport`) to show. */
  posture?: PostureSummary;
  /** The model's `generatedAt` (default: now). */
  now?: Date;
}

/** Collects events and findings into a {@link ReportModel} in bounded memory. */
export interface ReportAggregator {
  /** Count one event. */
  addEvent(event: TrailEvent): void;
  /** Count one finding. */
  addFinding(finding: Finding): void;
  /** A sink that counts the events written to it (tap it before `.detect()`). */
  eventSink(): Sink<TrailEvent>;
  /** A sink that counts the findings written to it (tap it after `.detect()`). */
  findingSink(): Sink<Finding>;
  /** The report model of everything counted so far (the aggregator can go on counting). */
  toModel(context?: ReportContext): ReportModel;
}

/**
 * Create a report aggregator. Memory is bounded by the options (top-K counters, time buckets, tracked
 * account-region pairs, rules, evidence), not by the number of events.
 *
 * @example
 * ```ts
 * const report = reportAggregator();
 * const summary = await pipeline()
 *   .from(filesSource({ paths: ['AWSLogs/'] }))
 *   .to(report.eventSink())
 *   .detect(cisRules())
 *   .to(report.findingSink())
 *   .run();
 * const html = renderHtml(report.toModel({ inputs: ['AWSLogs/'], runSummary: summary }));
 * ```
 * @throws ConfigError when an option is invalid.
 */
export function reportAggregator(options: ReportOptions = {}): ReportAggregator {
  const o = validateOptions<ResolvedReportOptions>('reportAggregator', REPORT_OPTIONS_SCHEMA, options);
  const top = () => new SpaceSaving(o.capacity);
  const d = {
    accounts: top(),
    regions: top(),
    principals: top(),
    apis: top(),
    services: top(),
    sourceIPs: top(),
    userAgents: top(),
    resources: top(),
    errorCodes: top(),
    errorPrincipals: top(),
    deniedPrincipals: top(),
    signInNoMfa: top(),
    signInFailures: top(),
    rootApis: top(),
    rootIPs: top(),
  };
  const series = new TimeSeries(o.maxTimeBuckets);
  const silent = new SilentHours({
    maxPairs: o.maxAccountRegions,
    maxDays: MAX_SILENT_DAYS,
    regularity: o.regularity,
    minSilentHours: o.minSilentHours,
  });
  const evidence = new EvidenceList(o.maxEvidence);
  const rules = new Map<string, RuleRow>();
  let rulesDropped = 0;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let findings = 0;
  let events = 0;
  let withoutTime = 0;
  let first: number | undefined;
  let last: number | undefined;
  let read = 0;
  let write = 0;
  let errors = 0;
  let denied = 0;
  const signIns = { total: 0, successWithMfa: 0, successWithoutMfa: 0, failures: 0 };
  const root = { events: 0, first: undefined as number | undefined, last: undefined as number | undefined };
  const cis = o.cis ? cisTracker() : undefined;

  function addEvent(e: TrailEvent): void {
    events++;
    const t = eventTimeMillis(e);
    const account = str(e.recipientAccountId) ?? str(e.userIdentity?.accountId) ?? 'unknown';
    const region = str(e.awsRegion) ?? 'unknown';
    const principal = principalOf(e) ?? 'unknown';
    const errorCode = str(e.errorCode);
    const isRead = e.readOnly === true;
    const isDenied = errorCode !== undefined && isAccessDenied(errorCode);
    if (isRead) read++;
    else write++;
    if (errorCode !== undefined) {
      errors++;
      d.errorCodes.add(errorCode);
      d.errorPrincipals.add(principal);
      if (isDenied) {
        denied++;
        d.deniedPrincipals.add(principal);
      }
    }
    if (t === undefined) withoutTime++;
    else {
      if (first === undefined || t < first) first = t;
      if (last === undefined || t > last) last = t;
      series.addEvent(t, { read: isRead, error: errorCode !== undefined, accessDenied: isDenied });
      silent.add(account, region, t);
    }
    d.accounts.add(account);
    d.regions.add(region);
    d.principals.add(cut(principal));
    d.apis.add(describeAction(e));
    d.services.add(str(e.eventSource) ?? 'unknown');
    d.sourceIPs.add(cut(str(e.sourceIPAddress) ?? 'unknown'));
    d.userAgents.add(cut(str(e.userAgent) ?? 'unknown'));
    if (Array.isArray(e.resources)) {
      for (const r of e.resources) {
        const arn = str(r?.ARN);
        if (arn !== undefined) d.resources.add(cut(arn));
      }
    }
    if (e.eventName === 'ConsoleLogin') countSignIn(e);
    if (e.userIdentity?.type === 'Root') {
      root.events++;
      if (t !== undefined) {
        if (root.first === undefined || t < root.first) root.first = t;
        if (root.last === undefined || t > root.last) root.last = t;
      }
      d.rootApis.add(describeAction(e));
      d.rootIPs.add(cut(str(e.sourceIPAddress) ?? 'unknown'));
    }
    cis?.add(e);
  }

  function countSignIn(e: TrailEvent): void {
    signIns.total++;
    const who = cut(describeActor(e));
    const outcome = (e.responseElements as Record<string, unknown> | null | undefined)?.ConsoleLogin;
    const mfa = (e.additionalEventData as Record<string, unknown> | null | undefined)?.MFAUsed === 'Yes';
    if (outcome === 'Success' && e.errorCode === undefined) {
      if (mfa) signIns.successWithMfa++;
      else {
        signIns.successWithoutMfa++;
        d.signInNoMfa.add(who);
      }
    } else {
      signIns.failures++;
      d.signInFailures.add(who);
    }
  }

  function addFinding(f: Finding): void {
    findings++;
    const severity = SEVERITIES.includes(f.severity) ? f.severity : 'info';
    bySeverity[severity]++;
    const t = Date.parse(f.time);
    if (Number.isFinite(t)) series.addFinding(t, severity);
    const row = rules.get(f.rule.id);
    if (row) {
      row.count++;
      if (f.time < row.firstSeen) row.firstSeen = f.time;
      if (f.time > row.lastSeen) row.lastSeen = f.time;
    } else if (rules.size < o.maxRules) {
      rules.set(f.rule.id, {
        ruleId: f.rule.id,
        title: f.rule.title,
        severity,
        count: 1,
        firstSeen: f.time,
        lastSeen: f.time,
      });
    } else rulesDropped++;
    evidence.add(f);
  }

  function table(s: SpaceSaving): TopTable {
    const rows = s.top(o.topK + 1);
    const next = rows[o.topK]?.count ?? (s.size < o.capacity ? 0 : s.maxError);
    return {
      rows: rows.slice(0, o.topK).map((r) => ({ ...r, guaranteed: r.count - r.error >= next })),
      total: s.total,
      capacity: s.capacity,
      distinctKept: s.size,
      maxError: s.maxError,
    };
  }

  function toModel(context: ReportContext = {}): ReportModel {
    const range = first !== undefined && last !== undefined ? { first, last } : undefined;
    const summary = context.runSummary;
    return {
      version: 1,
      title: o.title,
      generatedAt: (context.now ?? new Date()).toISOString(),
      scope: {
        inputs: [...(context.inputs ?? [])],
        filters: { ...(context.filters ?? {}) },
        ...(first !== undefined ? { firstEvent: new Date(first).toISOString() } : {}),
        ...(last !== undefined ? { lastEvent: new Date(last).toISOString() } : {}),
        accounts: table(d.accounts),
        regions: table(d.regions),
        events,
        eventsWithoutTime: withoutTime,
        ...(summary
          ? {
              objects: summary.objects,
              invalid: { total: summary.events.invalid, byCode: { ...summary.invalidByCode } },
            }
          : {}),
      },
      activity: {
        bucket: series.label(),
        bucketMs: series.bucketMs,
        buckets: series.buckets(),
        read,
        write,
        errors,
        accessDenied: denied,
      },
      silentPeriods: silent.result(range),
      errors: {
        byCode: table(d.errorCodes),
        byPrincipal: table(d.errorPrincipals),
        accessDeniedByPrincipal: table(d.deniedPrincipals),
      },
      top: {
        principals: table(d.principals),
        apis: table(d.apis),
        services: table(d.services),
        regions: table(d.regions),
        sourceIPs: table(d.sourceIPs),
        userAgents: table(d.userAgents),
        resources: table(d.resources),
      },
      signIns: {
        ...signIns,
        withoutMfaByUser: table(d.signInNoMfa),
        failuresByUser: table(d.signInFailures),
      },
      root: {
        events: root.events,
        ...(root.first !== undefined ? { firstSeen: new Date(root.first).toISOString() } : {}),
        ...(root.last !== undefined ? { lastSeen: new Date(root.last).toISOString() } : {}),
        apis: table(d.rootApis),
        sourceIPs: table(d.rootIPs),
      },
      findings: {
        total: findings,
        bySeverity: { ...bySeverity },
        byRule: [...rules.values()]
          .map((r) => ({ ...r }))
          .sort(
            (a, b) =>
              SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
              b.count - a.count ||
              (a.ruleId < b.ruleId ? -1 : 1),
          ),
        rulesDropped,
        evidence: evidence.list(),
        evidenceDropped: evidence.dropped,
      },
      cis: { benchmarkVersion: CIS_BENCHMARK_VERSION, controls: cis?.rows() ?? [] },
      ...(context.integrity ? { integrity: structuredClone(context.integrity) } : {}),
      ...(context.posture ? { posture: postureSection(context.posture) } : {}),
    };
  }

  return {
    addEvent,
    addFinding,
    eventSink: () => ({
      name: 'report-events',
      write: async (items) => {
        for (const e of items) addEvent(e);
      },
    }),
    findingSink: () => ({
      name: 'report-findings',
      write: async (items) => {
        for (const f of items) addFinding(f);
      },
    }),
    toModel,
  };
}

/** CIS 4.1's definition of an access denial: `AccessDenied*` or `*UnauthorizedOperation`. */
export function isAccessDenied(errorCode: string): boolean {
  return errorCode.startsWith('AccessDenied') || errorCode.endsWith('UnauthorizedOperation');
}

/** Matches per CIS monitoring control, with the core CIS pack run as one indexed detector. */
function cisTracker(): { add(e: TrailEvent): void; rows(): CisControlRow[] } {
  const rules = cisRules();
  const index: DetectorIndex = indexDetectors(rules);
  const rows = new Map<string, CisControlRow>(
    rules.map((r) => [
      r.id,
      {
        control: (r.tags?.find((t) => t.startsWith('cis:')) ?? r.id).replace(/^cis:/, ''),
        ruleId: r.id,
        title: r.title,
        severity: r.severity,
        matches: 0,
      },
    ]),
  );
  return {
    add(e) {
      const found = index.process(e);
      if (!found) return;
      for (const f of found) {
        const row = rows.get(f.rule.id);
        if (!row) continue;
        row.matches++;
        if (row.firstSeen === undefined || f.time < row.firstSeen) row.firstSeen = f.time;
        if (row.lastSeen === undefined || f.time > row.lastSeen) row.lastSeen = f.time;
      }
    },
    rows: () => [...rows.values()].map((r) => ({ ...r })),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function cut(s: string): string {
  return s.length > MAX_KEY_LENGTH ? `${s.slice(0, MAX_KEY_LENGTH - 1)}…` : s;
}
