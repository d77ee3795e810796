/** Test helpers: the bundled real samples, read independently with JSON.parse (the oracle). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  cisRules,
  filesSource,
  type Finding,
  pipeline,
  type RunSummary,
  type TrailEvent,
  threatRules,
} from '@trailkit/core';
import {
  type PostureResult,
  type PostureSummary,
  type ReportModel,
  type ReportOptions,
  reportAggregator,
} from '../src/index';

/** The repository root and its bundled samples. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SAMPLES = join(ROOT, 'samples');
const DAY = join(SAMPLES, 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10');
const STRATUS = join(SAMPLES, 'stratus-red-team');

/** Every record of the bundled samples, read with JSON.parse. */
export function sampleRecords(): TrailEvent[] {
  const day = readdirSync(DAY)
    .filter((f) => f.endsWith('.json.gz'))
    .flatMap(
      (f) =>
        (JSON.parse(gunzipSync(readFileSync(join(DAY, f))).toString()) as { Records: TrailEvent[] }).Records,
    );
  const stratus = readdirSync(STRATUS)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(join(STRATUS, f), 'utf8')) as TrailEvent[]);
  return [...day, ...stratus];
}

/** What {@link sampleReport} gives. */
export interface SampleReport {
  model: ReportModel;
  summary: RunSummary;
  findings: Finding[];
}

const cache = new Map<string, Promise<SampleReport>>();

/** The samples through a real pipeline (files source, CIS + threat rules) into a report model (memoized). */
export function sampleReport(options: ReportOptions = {}): Promise<SampleReport> {
  const key = JSON.stringify(options);
  let report = cache.get(key);
  if (!report) {
    report = buildSampleReport(options);
    cache.set(key, report);
  }
  return report;
}

async function buildSampleReport(options: ReportOptions): Promise<SampleReport> {
  const report = reportAggregator(options);
  const findings: Finding[] = [];
  const summary = await pipeline()
    .from(filesSource({ paths: [SAMPLES] }))
    .to(report.eventSink())
    .detect([...cisRules(), ...threatRules()])
    .to(report.findingSink(), {
      name: 'collect',
      write: async (items) => {
        findings.push(...items);
      },
    })
    .run({ onInvalid: 'skip' });
  const model = report.toModel({
    inputs: ['samples'],
    filters: { rules: 'cis,threats' },
    runSummary: summary,
    now: new Date('2026-12-01T00:00:00Z'),
  });
  return { model, summary, findings };
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Posture results as `trailkit audit --format json` prints them (an `AuditReport` of `@trailkit/audit`):
 * a management account set up right but for a stopped trail, a member covered by the organization trail,
 * and a member that is not covered (its bucket made public). The checks are listed out of CIS order on
 * purpose; one evidence string is hostile.
 */
export function samplePosture(): PostureSummary {
  const [A, B, C] = ['111111111111', '222222222222', '333333333333'];
  const trail = `arn:aws:cloudtrail:us-east-1:${A}:trail/org`;
  const r = (
    check: string,
    cis: string | undefined,
    title: string,
    severity: PostureResult['severity'],
    account: string,
    status: PostureResult['status'],
    resource: string,
    evidence: string,
    region?: string,
  ): PostureResult => ({
    check,
    ...(cis ? { cis } : {}),
    title,
    severity,
    account,
    status,
    resource,
    ...(region ? { region } : {}),
    evidence,
  });
  const MULTI = 'A multi-region trail logs management events, read and write';
  const S3W = 'S3 object-level write events are logged';
  const PUBLIC = "The trail's bucket is not publicly accessible";
  const LOGGING = 'Every trail is logging and delivered recently';
  const ORG = 'Every account of the organization is covered by a trail';
  const CONFIG = 'AWS Config records all resources in every region';
  return {
    checks: ['cis-3.10', 'trailkit-logging', 'cis-3.1', 'cis-3.3', 'cis-3.5', 'trailkit-organization'],
    results: [
      r(
        'cis-3.10',
        '3.10',
        S3W,
        'low',
        A,
        'pass',
        trail,
        'data events AWS::S3::Object (all buckets) write',
        'us-east-1',
      ),
      r(
        'cis-3.10',
        '3.10',
        S3W,
        'low',
        B,
        'pass',
        trail,
        'data events AWS::S3::Object (all buckets) write',
        'us-east-1',
      ),
      r(
        'cis-3.10',
        '3.10',
        S3W,
        'low',
        C,
        'fail',
        C,
        'no multi-region trail selects S3 object-level write events of all buckets',
      ),
      r('trailkit-logging', undefined, LOGGING, 'high', A, 'fail', trail, 'IsLogging=false', 'us-east-1'),
      r(
        'trailkit-logging',
        undefined,
        LOGGING,
        'high',
        B,
        'not-applicable',
        trail,
        'GetTrailStatus not read',
        'us-east-1',
      ),
      r('trailkit-logging', undefined, LOGGING, 'high', C, 'fail', C, 'no trail in the audited regions'),
      r(
        'cis-3.1',
        '3.1',
        MULTI,
        'high',
        A,
        'pass',
        trail,
        'IsMultiRegionTrail=true, IsLogging=true, management events ReadWriteType=All',
        'us-east-1',
      ),
      r(
        'cis-3.1',
        '3.1',
        MULTI,
        'high',
        B,
        'pass',
        trail,
        'IsMultiRegionTrail=true, IsLogging=unknown, management events ReadWriteType=All (organization trail of the management account)',
        'us-east-1',
      ),
      r('cis-3.1', '3.1', MULTI, 'high', C, 'fail', C, 'no trail'),
      r(
        'cis-3.3',
        '3.3',
        PUBLIC,
        'critical',
        A,
        'pass',
        'org-trail-logs',
        'public access block: all four settings on',
      ),
      r(
        'cis-3.3',
        '3.3',
        PUBLIC,
        'critical',
        B,
        'error',
        'org-trail-logs',
        'bucket not readable: AccessDenied',
      ),
      r(
        'cis-3.3',
        '3.3',
        PUBLIC,
        'critical',
        C,
        'fail',
        'member-logs',
        'policy statement <img src=x onerror=alert(1)> | allows Principal "*" without a condition',
      ),
      r(
        'cis-3.5',
        '3.5',
        CONFIG,
        'medium',
        A,
        'pass',
        'us-east-1',
        'recorders=1, recording=true, allSupported=true, includeGlobalResourceTypes=true',
        'us-east-1',
      ),
      r(
        'cis-3.5',
        '3.5',
        CONFIG,
        'medium',
        A,
        'fail',
        'eu-west-1',
        'recorders=0, recording=false, allSupported=false, includeGlobalResourceTypes=false',
        'eu-west-1',
      ),
      r('trailkit-organization', undefined, ORG, 'high', A, 'pass', A, `organization trail ${trail}`),
      r('trailkit-organization', undefined, ORG, 'high', A, 'pass', B, `organization trail ${trail}`),
      r(
        'trailkit-organization',
        undefined,
        ORG,
        'high',
        A,
        'fail',
        C,
        'no organization trail and no multi-region trail',
      ),
    ],
    calls: { DescribeTrails: 6, GetTrailStatus: 2, GetBucketPolicy: 2 },
  };
}
