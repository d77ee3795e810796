import type { AthenaClient, AthenaClientConfig } from '@aws-sdk/client-athena';
import { ConfigError } from '@trailkit/core';
import {
  type AwsClientOptions,
  type OptionsSchema,
  retryOptionSchema,
  validateOptions,
} from '@trailkit/core/plugin';
import { checkExecutionParameters, checkQueryLength } from './athena-limits';
import { athenaCatalog, athenaName, athenaWorkGroup } from './athena-names';
import type { BuildQueryOptions, CloudTrailFilters } from './query-builder';

/** Options of {@link athenaSource}. Give either `query` or `filters`. */
export interface AthenaSourceOptions extends AwsClientOptions<AthenaClient, AthenaClientConfig> {
  /** Database (schema) of the CloudTrail table: an Athena name (lower-case letters, digits, `_`; 1–255). */
  database: string;
  /** The CloudTrail table (required with `filters`; an Athena name, like `database`). */
  table?: string;
  /** Data catalog (default: Athena's, `AwsDataCatalog`; 1–256 characters, no control characters). */
  catalog?: string;
  /** Athena workgroup (default: `primary`, Athena's default; `[a-zA-Z0-9._-]{1,128}`). */
  workGroup?: string;
  /** Where Athena writes results (`s3://...`); needed unless the workgroup sets one. */
  outputLocation?: string;
  /** A SELECT of your own over the CloudTrail table (rows are mapped by column name; ≤ 262,144 characters). */
  query?: string;
  /** Execution parameters for the `?` placeholders of `query` (each 1 to 1,024 characters). */
  executionParameters?: string[];
  /** Filters compiled by the query builder (partitions pruned, pushdown, local residual). */
  filters?: CloudTrailFilters;
  /** Partition columns and value passing of the built query. */
  queryOptions?: Omit<BuildQueryOptions, 'database' | 'table'>;
  /** First wait between GetQueryExecution polls in ms (default 500); grows ×1.5 up to `maxPollInterval`. */
  pollInterval?: number;
  /** Longest wait between polls in ms (default 5000). */
  maxPollInterval?: number;
  /** Rows per GetQueryResults page, 1–1000 (default 1000). */
  pageSize?: number;
  /** Rows per yielded batch (default 500). */
  batchSize?: number;
  /** Retries of each Athena call on throttling, 5xx and network errors (default `{ attempts: 6, baseMs: 200, maxMs: 10000 }`). */
  retry?: { attempts?: number; baseMs?: number; maxMs?: number };
  /** Source name, also the checkpoint key (default `athena`). */
  name?: string;
}

const COMPONENT = 'athenaSource';

/** The schema of {@link AthenaSourceOptions}: validation, defaults and the README's option table. */
export const ATHENA_SOURCE_OPTIONS = {
  properties: {
    database: {
      type: 'string',
      minLength: 1,
      description:
        'database (schema) of the table (an Athena name: lower-case letters, digits, `_`; 1–255 characters)',
    },
    table: {
      type: 'string',
      minLength: 1,
      description: 'the CloudTrail table (an Athena name); required with `filters`',
    },
    filters: {
      kind: 'object',
      typeLabel: 'CloudTrailFilters',
      description: '`CloudTrailFilters` for the query builder (give `filters` or `query`)',
    },
    query: {
      type: 'string',
      pattern: '\\S',
      description:
        'your own SELECT over the CloudTrail table (rows are mapped by column name; at most 262,144 characters)',
    },
    executionParameters: {
      type: 'array',
      items: { type: 'string' },
      description:
        'values for the `?` of `query` (Athena literals, e.g. `"\'ListBuckets\'"`; each 1–1,024 characters)',
    },
    queryOptions: {
      kind: 'object',
      typeLabel: 'BuildQueryOptions',
      description: '`{ partitions, values, deliveryDelayMinutes }` of the builder (below)',
    },
    catalog: {
      type: 'string',
      description:
        "data catalog (default: Athena's, `AwsDataCatalog`; 1–256 characters, no control characters)",
    },
    workGroup: {
      type: 'string',
      description: "workgroup (default: Athena's, `primary`; `[a-zA-Z0-9._-]{1,128}`)",
    },
    outputLocation: {
      type: 'string',
      pattern: '^s3://[^/]+',
      description: "`s3://` URI for results; default: the workgroup's",
    },
    client: {
      kind: 'object',
      typeLabel: 'AthenaClient',
      description: 'an injected client (not with `clientConfig`)',
    },
    clientConfig: {
      type: 'object',
      typeLabel: 'AthenaClientConfig',
      description: 'options for the client this source builds (not with `client`)',
    },
    pollInterval: {
      type: 'integer',
      minimum: 0,
      maximum: 600_000,
      default: 500,
      description: 'first wait between `GetQueryExecution` polls, in ms (×1.5 each poll)',
    },
    maxPollInterval: {
      type: 'integer',
      minimum: 0,
      maximum: 600_000,
      default: 5000,
      description: 'longest wait between polls, in ms',
    },
    pageSize: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 1000,
      description: 'rows per `GetQueryResults` page',
    },
    batchSize: {
      type: 'integer',
      minimum: 1,
      maximum: 100_000,
      default: 500,
      description: 'rows per yielded batch',
    },
    retry: retryOptionSchema({ attempts: 6, baseMs: 200, maxMs: 10_000 }, 'Athena calls'),
    name: { type: 'string', minLength: 1, default: 'athena', description: 'source name (checkpoint key)' },
  },
  required: ['database'],
  exclusive: [
    ['client', 'clientConfig'],
    ['executionParameters', 'filters'],
  ],
} satisfies OptionsSchema;

/** Options after defaults and validation. */
export type ResolvedAthenaOptions = AthenaSourceOptions &
  Required<
    Pick<AthenaSourceOptions, 'name' | 'pollInterval' | 'maxPollInterval' | 'pageSize' | 'batchSize'>
  > & {
    retry: { attempts: number; baseMs: number; maxMs: number };
  };

/** Apply defaults and validate; throws core's `ConfigError` (or `AthenaNameError`, `AthenaLimitError`). */
export function resolveOptions(options: AthenaSourceOptions): ResolvedAthenaOptions {
  if ((options as { attempts?: unknown } | null)?.attempts !== undefined)
    throw new ConfigError(COMPONENT, '`attempts` was renamed: use retry: { attempts }');
  const o = validateOptions<ResolvedAthenaOptions>(COMPONENT, ATHENA_SOURCE_OPTIONS, options);
  athenaName(COMPONENT, 'database', o.database);
  if (o.catalog !== undefined) athenaCatalog(COMPONENT, 'catalog', o.catalog);
  if (o.workGroup !== undefined) athenaWorkGroup(COMPONENT, 'workGroup', o.workGroup);
  if ((o.query === undefined) === (o.filters === undefined))
    throw new ConfigError(COMPONENT, 'give exactly one of query or filters');
  if (o.filters !== undefined && o.table === undefined)
    throw new ConfigError(COMPONENT, 'table is required with filters');
  if (o.query !== undefined) checkQueryLength(COMPONENT, 'query', o.query);
  if (o.executionParameters !== undefined)
    checkExecutionParameters(COMPONENT, 'executionParameters', o.executionParameters, '');
  return o;
}
