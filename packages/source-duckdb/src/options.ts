import type { EventFilter, FilterPattern, StringCondition, TimeBound, WhereCriteria } from '@trailkit/core';
import type { OptionsSchema } from '@trailkit/core/plugin';

/** Options of {@link duckdbSource}. */
export interface DuckDbSourceOptions {
  /** Files or folders (read recursively) of CloudTrail logs: `.json`, `.json.gz`, `.jsonl`, `.ndjson`. */
  paths: readonly string[];
  /** Events at or after this time. */
  since?: TimeBound;
  /** Events strictly before this time (default: now). */
  until?: TimeBound;
  /** Account ids (the `AWSLogs/<account>/` folder, or `recipientAccountId` outside that layout). */
  accounts?: readonly string[];
  /** Regions (the `CloudTrail/<region>/` folder, or `awsRegion` outside that layout). */
  regions?: readonly string[];
  /** `eventName` values (`*` wildcards at the start and/or end allowed). */
  eventNames?: StringCondition;
  /** `eventSource` values. */
  eventSources?: StringCondition;
  /** `errorCode` values. */
  errorCodes?: StringCondition;
  /** More criteria, as core's `where()` takes them; pushed into SQL where they can be. */
  where?: WhereCriteria;
  /** A CloudWatch Logs filter pattern (text or core's `pattern()`), pushed into SQL where it can be. */
  pattern?: string | FilterPattern;
  /** Any other filter: runs locally on the rows DuckDB returns. */
  filter?: EventFilter;
  /** At most this many events (before `filter`). */
  limit?: number;
  /** Events per batch. */
  batchSize?: number;
  /** DuckDB threads (default: DuckDB's own, the number of cores). */
  threads?: number;
  /** The source name in summaries and logs. */
  name?: string;
}

/** The schema of {@link DuckDbSourceOptions}: validation, defaults and the README table. */
export const DUCKDB_SOURCE_OPTIONS_SCHEMA = {
  properties: {
    paths: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      description:
        'files or folders (recursive) of CloudTrail logs (`.json`, `.json.gz`, `.jsonl`, `.ndjson`)',
    },
    since: {
      anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'object' }],
      typeLabel: 'TimeBound',
      description: 'events at or after this time (also prunes `yyyy/MM/dd` folders)',
    },
    until: {
      anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'object' }],
      typeLabel: 'TimeBound',
      description: 'events strictly before this time (default: now)',
    },
    accounts: {
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      description:
        'account ids: the `AWSLogs/<account>/` folder, or `recipientAccountId` outside that layout',
    },
    regions: {
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      description: 'regions: the `CloudTrail/<region>/` folder, or `awsRegion` outside that layout',
    },
    eventNames: { typeLabel: 'StringCondition', description: '`eventName` values (`*` wildcards)' },
    eventSources: { typeLabel: 'StringCondition', description: '`eventSource` values' },
    errorCodes: { typeLabel: 'StringCondition', description: '`errorCode` values' },
    where: {
      type: 'object',
      typeLabel: 'WhereCriteria',
      description: "core's `where()` criteria, pushed into SQL where they can be",
    },
    pattern: {
      anyOf: [{ type: 'string' }, { type: 'object' }],
      typeLabel: 'string or FilterPattern',
      description: 'a CloudWatch Logs filter pattern, pushed into SQL where it can be',
    },
    filter: {
      kind: 'object',
      typeLabel: 'EventFilter',
      description: 'any other filter, run locally on the rows',
    },
    limit: { type: 'integer', minimum: 1, description: 'at most this many events (before `filter`)' },
    batchSize: { type: 'integer', minimum: 1, default: 1000, description: 'events per batch' },
    threads: {
      type: 'integer',
      minimum: 1,
      description: "DuckDB threads (default: DuckDB's, the number of cores)",
    },
    name: { type: 'string', default: 'duckdb', description: 'the source name in summaries and logs' },
  },
  required: ['paths'],
} as const satisfies OptionsSchema;
