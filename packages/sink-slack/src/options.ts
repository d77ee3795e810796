import { ConfigError, type Logger, SEVERITIES, type Severity } from '@trailkit/core';
import { type OptionsSchema, validateOptions } from '@trailkit/core/plugin';
import type { GroupBy, SlackTemplate } from './compose';

/** Where messages go: an incoming webhook, or the Web API's `chat.postMessage` with a bot token. */
export type SlackTarget = { webhookUrl: string } | { token: string; channel: string };

/** Options of {@link slackSink}. */
export interface SlackSinkOptions {
  /** Findings below this severity are not sent. Default `info` (all). */
  minSeverity?: Severity;
  /** Group findings of one `write` into one message: by rule (default), not at all, or by your key. */
  groupBy?: GroupBy;
  /** Custom rendering of a group of findings; limits are still enforced. */
  template?: SlackTemplate;
  /** Send plain events (not findings) as compact lines. Default `true`. */
  includeEvents?: boolean;
  /** Messages per second to the channel. Default 1 (Slack's guidance for posting). */
  rateLimitPerSecond?: number;
  /** Web API base URL (token mode). Default `https://slack.com/api/`. */
  apiUrl?: string;
  /** Per-request timeout in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Sink name. Default `slack(webhook)` or `slack(<channel>)`. */
  name?: string;
  /** Logger for failed posts. Default: silent. */
  log?: Logger;
}

/** Options after defaults and validation. */
export interface ResolvedSlackOptions {
  name: string;
  /** Safe to print (no token, no webhook path). */
  target: string;
  endpoint: string;
  mode: 'webhook' | 'api';
  token: string | undefined;
  channel: string | undefined;
  minSeverity: Severity;
  groupBy: GroupBy;
  template: SlackTemplate | undefined;
  includeEvents: boolean;
  rateLimitPerSecond: number;
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
  log: Logger | undefined;
}

const C = 'slackSink';

/** The schema of {@link SlackSinkOptions}: validation, defaults and the README's option table. */
export const SLACK_SINK_OPTIONS = {
  properties: {
    minSeverity: {
      enum: SEVERITIES,
      default: 'info',
      typeLabel: 'Severity',
      description: 'findings below it are not sent (events are not affected)',
    },
    groupBy: {
      anyOf: [{ enum: ['rule', 'none'] }, { kind: 'function' }],
      default: 'rule',
      typeLabel: "'rule' | 'none' | (f) => string",
      description: 'how findings of one `write` are grouped into messages',
    },
    template: {
      kind: 'function',
      typeLabel: '(findings) => SlackMessage | SlackMessage[]',
      description: 'custom rendering per group (default: built-in); limits still enforced',
    },
    includeEvents: {
      type: 'boolean',
      default: true,
      description: 'post plain events (not findings) as compact lines',
    },
    rateLimitPerSecond: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 1,
      description: 'messages per second for this sink (Slack allows about 1/s per channel)',
    },
    apiUrl: {
      type: 'string',
      default: 'https://slack.com/api/',
      description: 'Web API base (token mode); point it at a local server in tests',
    },
    timeoutMs: { type: 'integer', minimum: 1, default: 10_000, description: 'per request' },
    fetch: {
      kind: 'function',
      typeLabel: 'typeof fetch',
      description: 'injectable transport; default: the global `fetch`',
    },
    name: {
      type: 'string',
      minLength: 1,
      description: 'sink name; default `slack(webhook)` or `slack(<channel>)`',
    },
    log: {
      kind: 'object',
      typeLabel: 'Logger',
      description: 'a warning per failed post (no secrets); default: silent',
    },
  },
} satisfies OptionsSchema;

type ValidatedOptions = SlackSinkOptions &
  Required<
    Pick<
      SlackSinkOptions,
      'minSeverity' | 'groupBy' | 'includeEvents' | 'rateLimitPerSecond' | 'apiUrl' | 'timeoutMs'
    >
  >;

/** Options removed in 0.2: the pipeline owns retries. */
const MOVED_TO_RUN: Record<string, string> = {
  retries: 'run({ retry: { attempts } })',
  minRetryDelayMs: 'run({ retry: { baseMs } })',
  maxRetryDelayMs: 'run({ retry: { maxMs } })',
};

/** Apply defaults and validate; throws core's `ConfigError` (never quoting the token or webhook URL). */
export function resolveOptions(target: SlackTarget, options: SlackSinkOptions = {}): ResolvedSlackOptions {
  if (typeof target !== 'object' || target === null)
    throw new ConfigError(C, 'the first argument must be { webhookUrl } or { token, channel }');
  for (const [old, now] of Object.entries(MOVED_TO_RUN)) {
    if ((options as Record<string, unknown> | null)?.[old] !== undefined)
      throw new ConfigError(C, `\`${old}\` was removed: the pipeline retries, use ${now}`);
  }
  const o = validateOptions<ValidatedOptions>(C, SLACK_SINK_OPTIONS, options);
  let mode: 'webhook' | 'api';
  let endpoint: string;
  let safeTarget: string;
  let token: string | undefined;
  let channel: string | undefined;
  if ('webhookUrl' in target && target.webhookUrl !== undefined) {
    if ('token' in target)
      throw new ConfigError(C, 'give either `webhookUrl` or `token` + `channel`, not both');
    const url = httpUrl('webhookUrl', target.webhookUrl);
    mode = 'webhook';
    endpoint = url.toString();
    safeTarget = `webhook ${url.host}`;
  } else if ('token' in target) {
    if (typeof target.token !== 'string' || target.token.trim() === '')
      throw new ConfigError(C, '`token` must be a non-empty string');
    if (typeof target.channel !== 'string' || target.channel.trim() === '')
      throw new ConfigError(C, '`channel` is required with `token` (a channel id like C0123 or a name)');
    const api = httpUrl('apiUrl', o.apiUrl);
    if (!api.pathname.endsWith('/')) api.pathname += '/';
    mode = 'api';
    endpoint = new URL('chat.postMessage', api).toString();
    token = target.token;
    channel = target.channel;
    safeTarget = `chat.postMessage ${channel}`;
  } else {
    throw new ConfigError(C, 'the first argument must be { webhookUrl } or { token, channel }');
  }
  return {
    name: o.name ?? (mode === 'webhook' ? 'slack(webhook)' : `slack(${channel})`),
    target: safeTarget,
    endpoint,
    mode,
    token,
    channel,
    minSeverity: o.minSeverity,
    groupBy: o.groupBy,
    template: o.template,
    includeEvents: o.includeEvents,
    rateLimitPerSecond: o.rateLimitPerSecond,
    timeoutMs: o.timeoutMs,
    fetch: o.fetch ?? globalThis.fetch,
    log: o.log,
  };
}

/** A URL checked by hand: the schema would quote it, and a webhook URL's path is its secret. */
function httpUrl(name: string, value: unknown): URL {
  if (typeof value !== 'string' || value === '') throw new ConfigError(C, `\`${name}\` must be a URL string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(C, `\`${name}\` is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(C, `\`${name}\` must be http: or https:, got ${url.protocol}`);
  return url;
}
