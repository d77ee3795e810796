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
import { type ReportModel, type ReportOptions, reportAggregator } from '../src/index';

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
