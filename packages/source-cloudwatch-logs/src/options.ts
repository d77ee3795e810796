import type { CloudWatchLogsClient, CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigError, type FilterPattern, pattern as compilePattern, type TimeBound } from '@trailkit/core';
import {
  type AwsClientOptions,
  type OptionsSchema,
  retryOptionSchema,
  validateOptions,
} from '@trailkit/core/plugin';

/** Options of {@link cloudWatchLogsSource}. */
export interface CloudWatchLogsSourceOptions
  extends AwsClientOptions<CloudWatchLogsClient, CloudWatchLogsClientConfig> {
  /** The log group the trail delivers to. */
  logGroupName: string;
  /** Only these log streams (at most 100). Default: every stream of the group. */
  logStreamNames?: readonly string[];
  /** A filter pattern, run by CloudWatch Logs (`filterPattern`): text, or core's `pattern()`. */
  pattern?: string | FilterPattern;
  /** Events at or after this time. Default: the start of the group (now, in follow mode). */
  since?: TimeBound;
  /** Events at or before this time (CloudWatch Logs' `endTime` is inclusive). Not with `follow`. */
  until?: TimeBound;
  /** Keep polling for new events after reaching the end, until the run is aborted (default false). */
  follow?: boolean;
  /** Wait between polls in follow mode, in ms (default 5000). */
  pollInterval?: number;
  /**
   * How far back each poll re-reads, in ms, to pick up events ingested late with an older timestamp
   * (default 60000). Events already delivered in this window are skipped by id.
   */
  lateness?: number;
  /** Log events per FilterLogEvents call and per yielded batch, 1–10000 (default 1000). */
  batchSize?: number;
  /** Retries of each call on throttling, 5xx and network errors (default `{ attempts: 8, baseMs: 200, maxMs: 10000 }`). */
  retry?: { attempts?: number; baseMs?: number; maxMs?: number };
  /** Source name, also the checkpoint key (default `cloudwatch-logs`). */
  name?: string;
}

const COMPONENT = 'cloudWatchLogsSource';

const TIME = {
  anyOf: [{ type: 'string' }, { type: 'number' }, { kind: 'object' }],
  typeLabel: 'TimeBound',
} as const;

/** The schema of {@link CloudWatchLogsSourceOptions}: validation, defaults and the README's option table. */
export const CLOUDWATCH_LOGS_SOURCE_OPTIONS = {
  properties: {
    logGroupName: { type: 'string', minLength: 1, description: 'the log group' },
    logStreamNames: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      maxItems: 100,
      description: 'up to 100 stream names; default: all streams',
    },
    pattern: {
      anyOf: [{ type: 'string' }, { kind: 'object' }],
      typeLabel: 'string | FilterPattern',
      description: "filter pattern text, or core's `pattern()` (checked when the source is created)",
    },
    since: {
      ...TIME,
      description: 'ISO text, `Date` or epoch ms; default: start of the group, now in follow mode',
    },
    until: { ...TIME, description: "inclusive end (CloudWatch Logs' `endTime`); not with `follow`" },
    follow: { type: 'boolean', default: false, description: 'keep polling until the run is aborted' },
    pollInterval: {
      type: 'integer',
      minimum: 0,
      maximum: 3_600_000,
      default: 5000,
      description: 'wait between polls in follow mode, in ms',
    },
    lateness: {
      type: 'integer',
      minimum: 0,
      maximum: 86_400_000,
      default: 60_000,
      description: 'how far back each poll re-reads for events ingested late with an older timestamp, in ms',
    },
    batchSize: {
      type: 'integer',
      minimum: 1,
      maximum: 10_000,
      default: 1000,
      description: '`limit` of each `FilterLogEvents` call, and the largest batch',
    },
    client: {
      kind: 'object',
      typeLabel: 'CloudWatchLogsClient',
      description: 'an injected client (not with `clientConfig`)',
    },
    clientConfig: {
      type: 'object',
      typeLabel: 'CloudWatchLogsClientConfig',
      description: 'options for the client this source builds (not with `client`)',
    },
    retry: retryOptionSchema({ attempts: 8, baseMs: 200, maxMs: 10_000 }, '`FilterLogEvents` calls'),
    name: {
      type: 'string',
      minLength: 1,
      default: 'cloudwatch-logs',
      description: 'source name (checkpoint key)',
    },
  },
  required: ['logGroupName'],
  exclusive: [['client', 'clientConfig']],
} satisfies OptionsSchema;

/** Options after defaults and validation. */
export interface ResolvedCloudWatchLogsOptions {
  name: string;
  logGroupName: string;
  logStreamNames: readonly string[] | undefined;
  filterPattern: string | undefined;
  since: number | undefined;
  until: number | undefined;
  follow: boolean;
  pollInterval: number;
  lateness: number;
  batchSize: number;
  retry: { attempts: number; baseMs: number; maxMs: number };
}

type Validated = CloudWatchLogsSourceOptions &
  Omit<ResolvedCloudWatchLogsOptions, 'filterPattern' | 'since' | 'until'>;

/** Apply defaults and validate; throws core's `ConfigError` naming the option. */
export function resolveOptions(options: CloudWatchLogsSourceOptions): ResolvedCloudWatchLogsOptions {
  if ((options as { attempts?: unknown } | null)?.attempts !== undefined)
    throw new ConfigError(COMPONENT, '`attempts` was renamed: use retry: { attempts }');
  const o = validateOptions<Validated>(COMPONENT, CLOUDWATCH_LOGS_SOURCE_OPTIONS, options);
  if (o.follow && o.until !== undefined) throw new ConfigError(COMPONENT, 'until cannot be used with follow');
  const since = toMillis('since', o.since);
  const until = toMillis('until', o.until);
  if (since !== undefined && until !== undefined && until < since)
    throw new ConfigError(COMPONENT, 'until must not be before since');
  const filterPattern = patternText(o.pattern);
  return {
    name: o.name,
    logGroupName: o.logGroupName,
    logStreamNames: o.logStreamNames,
    filterPattern: filterPattern?.trim() ? filterPattern : undefined,
    since,
    until,
    follow: o.follow,
    pollInterval: o.pollInterval,
    lateness: o.lateness,
    batchSize: o.batchSize,
    retry: o.retry,
  };
}

function patternText(pattern: string | FilterPattern | undefined): string | undefined {
  if (pattern === undefined) return undefined;
  if (typeof pattern !== 'string') {
    if (typeof pattern.text !== 'string')
      throw new ConfigError(COMPONENT, 'pattern must be a string or a pattern() result');
    return pattern.text;
  }
  try {
    return compilePattern(pattern).text;
  } catch (error) {
    throw new ConfigError(COMPONENT, `pattern: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function toMillis(name: string, bound: TimeBound | undefined): number | undefined {
  if (bound === undefined) return undefined;
  const ms = bound instanceof Date ? bound.getTime() : typeof bound === 'number' ? bound : Date.parse(bound);
  if (!Number.isFinite(ms)) throw new ConfigError(COMPONENT, `${name} is not a valid time: ${String(bound)}`);
  return ms;
}
