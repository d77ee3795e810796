import { ConfigError, type Logger, SEVERITIES, type Severity } from '@trailkit/core';
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
    if ((options as Record<string, unknown>)[old] !== undefined)
      throw new ConfigError(C, `\`${old}\` was removed: the pipeline retries, use ${now}`);
  }
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
    const api = httpUrl('apiUrl', options.apiUrl ?? 'https://slack.com/api/');
    if (!api.pathname.endsWith('/')) api.pathname += '/';
    mode = 'api';
    endpoint = new URL('chat.postMessage', api).toString();
    token = target.token;
    channel = target.channel;
    safeTarget = `chat.postMessage ${channel}`;
  } else {
    throw new ConfigError(C, 'the first argument must be { webhookUrl } or { token, channel }');
  }
  const minSeverity = options.minSeverity ?? 'info';
  if (!SEVERITIES.includes(minSeverity))
    throw new ConfigError(C, `\`minSeverity\` must be one of ${SEVERITIES.join(', ')}`);
  const groupBy = options.groupBy ?? 'rule';
  if (groupBy !== 'rule' && groupBy !== 'none' && typeof groupBy !== 'function')
    throw new ConfigError(C, "`groupBy` must be 'rule', 'none' or a function");
  if (options.template !== undefined && typeof options.template !== 'function')
    throw new ConfigError(C, '`template` must be a function');
  const rate = options.rateLimitPerSecond ?? 1;
  if (typeof rate !== 'number' || !(rate > 0) || !Number.isFinite(rate))
    throw new ConfigError(C, '`rateLimitPerSecond` must be a positive number');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new ConfigError(C, '`fetch` must be a function');
  const resolved: ResolvedSlackOptions = {
    name: options.name ?? (mode === 'webhook' ? 'slack(webhook)' : `slack(${channel})`),
    target: safeTarget,
    endpoint,
    mode,
    token,
    channel,
    minSeverity,
    groupBy,
    template: options.template,
    includeEvents: options.includeEvents ?? true,
    rateLimitPerSecond: rate,
    timeoutMs: int('timeoutMs', options.timeoutMs, 10_000, 1),
    fetch: fetchImpl,
    log: options.log,
  };
  return resolved;
}

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

function int(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new ConfigError(C, `\`${name}\` must be an integer >= ${min}, got ${String(value)}`);
  return value;
}
