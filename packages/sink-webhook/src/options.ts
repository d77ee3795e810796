import { ConfigError, type Logger } from '@trailkit/core';
import { redactUrl } from '@trailkit/core/plugin';

/** Options of {@link webhookSink}. */
export interface WebhookSinkOptions {
  /** Receiver URL, `http:` or `https:`. Userinfo (`https://user:pass@host/`) is sent as Basic auth. */
  url: string;
  /** Shared secret: when set, every request carries an `x-trailkit-signature` HMAC-SHA256 header. */
  secret?: string;
  /** Extra request headers (e.g. an API key). Never logged. */
  headers?: Record<string, string>;
  /** Max items per request. Default 500. */
  batchSize?: number;
  /** Max request body bytes (a single larger item is sent alone). Default 1 MiB. */
  maxBytes?: number;
  /** Per-request timeout in milliseconds, response body included. Default 10 000. */
  timeoutMs?: number;
  /** The `fetch` to use. Default: Node's global `fetch` (undici). */
  fetch?: typeof globalThis.fetch;
  /** Sink name in logs and the run summary. Default `webhook(<host>)`. */
  name?: string;
  /** Logger for failed requests. Default: silent. */
  log?: Logger;
}

/** Options after defaults and validation. */
export interface ResolvedWebhookOptions {
  name: string;
  /** The URL to POST to, without userinfo. */
  url: string;
  /** The URL for messages. */
  redactedUrl: string;
  secret: string | undefined;
  headers: Record<string, string>;
  /** Values that must never appear in errors or logs (the signing secret, the URL's userinfo). */
  secrets: string[];
  batchSize: number;
  maxBytes: number;
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
  log: Logger | undefined;
}

const COMPONENT = 'webhookSink';

/** Options removed in 0.2: the pipeline owns retries and the dead letter. */
const MOVED_TO_RUN: Record<string, string> = {
  retries: 'run({ retry: { attempts } })',
  minRetryDelayMs: 'run({ retry: { baseMs } })',
  maxRetryDelayMs: 'run({ retry: { maxMs } })',
  deadLetter: 'run({ deadLetter })',
};

/** Apply defaults and validate; throws core's `ConfigError` with a message that never shows secrets. */
export function resolveOptions(options: WebhookSinkOptions): ResolvedWebhookOptions {
  if (typeof options !== 'object' || options === null)
    throw new ConfigError(COMPONENT, 'options are required');
  for (const [old, now] of Object.entries(MOVED_TO_RUN)) {
    if ((options as unknown as Record<string, unknown>)[old] !== undefined)
      throw new ConfigError(
        COMPONENT,
        `\`${old}\` was removed: the pipeline retries and dead-letters, use ${now}`,
      );
  }
  if (typeof options.url !== 'string' || options.url === '')
    throw new ConfigError(COMPONENT, '`url` is required (an http: or https: URL)');
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ConfigError(COMPONENT, '`url` is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(
      COMPONENT,
      `\`url\` must be http: or https:, got ${url.protocol} (${redactUrl(url)})`,
    );
  const headers: Record<string, string> = {};
  if (options.headers !== undefined) {
    if (typeof options.headers !== 'object' || options.headers === null)
      throw new ConfigError(COMPONENT, '`headers` must be an object of strings');
    for (const [k, v] of Object.entries(options.headers)) {
      if (typeof v !== 'string') throw new ConfigError(COMPONENT, `header \`${k}\` must be a string`);
      headers[k.toLowerCase()] = v;
    }
  }
  const secrets: string[] = [];
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    secrets.push(user, pass, url.username, url.password);
    if (headers.authorization === undefined)
      headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  if (options.secret !== undefined && (typeof options.secret !== 'string' || options.secret.length === 0))
    throw new ConfigError(COMPONENT, '`secret` must be a non-empty string');
  if (options.secret !== undefined) secrets.push(options.secret);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new ConfigError(COMPONENT, '`fetch` must be a function');
  if (options.log !== undefined && typeof options.log?.warn !== 'function')
    throw new ConfigError(COMPONENT, '`log` must be a Logger');
  const resolved: ResolvedWebhookOptions = {
    name: options.name ?? `webhook(${url.host})`,
    url: url.toString(),
    redactedUrl: redactUrl(url),
    secret: options.secret,
    headers,
    secrets: secrets.filter((s) => s !== ''),
    batchSize: int('batchSize', options.batchSize, 500, 1),
    maxBytes: int('maxBytes', options.maxBytes, 1024 * 1024, 1024),
    timeoutMs: int('timeoutMs', options.timeoutMs, 10_000, 1),
    fetch: fetchImpl,
    log: options.log,
  };
  if (typeof resolved.name !== 'string' || resolved.name === '')
    throw new ConfigError(COMPONENT, '`name` must be a non-empty string');
  return resolved;
}

function int(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new ConfigError(COMPONENT, `\`${name}\` must be an integer >= ${min}, got ${String(value)}`);
  return value;
}
