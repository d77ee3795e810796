/** Options of `reportAggregator()`: the schema (validation, defaults, README table) and their type. */
import type { OptionsSchema } from '@trailkit/core/plugin';

/** Options of {@link reportAggregator}. Every bound is a memory bound: none grows with the input. */
export interface ReportOptions {
  /** Report title. */
  title?: string;
  /** Rows shown per top table. */
  topK?: number;
  /** Space-Saving counters per dimension (the error bound is `events / capacity`). */
  capacity?: number;
  /** Time buckets kept; over it, buckets widen (hour, day, then doubling). */
  maxTimeBuckets?: number;
  /** Account-region pairs tracked for silent periods. */
  maxAccountRegions?: number;
  /** Fraction of a pair's logged hours that must be followed by another logged hour for the pair to be "regular" (its empty hours are then reported). */
  regularity?: number;
  /** Shortest silent period reported, in hours. */
  minSilentHours?: number;
  /** Rules listed in the findings-by-rule table. */
  maxRules?: number;
  /** Findings kept as evidence (the most severe). */
  maxEvidence?: number;
  /** Run the CIS monitoring pack on every event for the CIS table. */
  cis?: boolean;
}

/** The options with every default filled in. */
export type ResolvedReportOptions = Required<ReportOptions>;

/** The schema of {@link ReportOptions}. */
export const REPORT_OPTIONS_SCHEMA = {
  properties: {
    title: { type: 'string', minLength: 1, default: 'CloudTrail audit report', description: 'report title' },
    topK: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 10,
      description: 'rows shown per top table',
    },
    capacity: {
      type: 'integer',
      minimum: 1,
      maximum: 100_000,
      default: 1000,
      description: 'Space-Saving counters per dimension; each count is at most events / capacity too high',
    },
    maxTimeBuckets: {
      type: 'integer',
      minimum: 24,
      maximum: 100_000,
      default: 2000,
      description: 'time buckets kept; past it buckets widen (hour, day, then doubling)',
    },
    maxAccountRegions: {
      type: 'integer',
      minimum: 1,
      maximum: 10_000,
      default: 500,
      description: 'account-region pairs tracked for silent periods',
    },
    regularity: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.9,
      description:
        'an account-region pair is regular (its empty hours are reported) when this fraction of its logged hours (6 at least) are followed by another logged hour',
    },
    minSilentHours: {
      type: 'integer',
      minimum: 1,
      default: 1,
      description: 'shortest silent period reported, in hours',
    },
    maxRules: {
      type: 'integer',
      minimum: 1,
      maximum: 100_000,
      default: 1000,
      description: 'rules listed in the findings-by-rule table',
    },
    maxEvidence: {
      type: 'integer',
      minimum: 0,
      maximum: 100_000,
      default: 200,
      description: 'findings kept with their evidence (the most severe first)',
    },
    cis: {
      type: 'boolean',
      default: true,
      description: 'run the CIS monitoring pack (4.1 to 4.15) on every event for the CIS table',
    },
  },
} satisfies OptionsSchema;
