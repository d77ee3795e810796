import { ConfigError, type Logger } from '@trailkit/core';
import { type OptionsSchema, redactUrl, validateOptions } from '@trailkit/core/plugin';

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

/** The schema of {@link WebhookSinkOptions}: validation, defaults and the README's option table. */
export const WEBHOOK_SINK_OPTIONS = {
  properties: {
    url: {
      type: 'string',
      secret: true,
      description:
        '`http:` or `https:` URL (anything else: `ConfigError`); userinfo (`https://user:pass@host/`) is sent as Basic auth',
    },
    secret: {
      type: 'string',
      minLength: 1,
      secret: true,
      description: 'HMAC-SHA256 signing key; adds `x-trailkit-signature`',
    },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      secret: true,
      typeLabel: 'Record<string, string>',
      description: 'extra headers, e.g. an API key (never logged)',
    },
    batchSize: { type: 'integer', minimum: 1, default: 500, description: 'max items per request' },
    maxBytes: {
      type: 'integer',
      minimum: 1024,
      default: 1024 * 1024,
      description: 'max body bytes per request; an item larger than this is sent alone',
    },
    timeoutMs: {
      type: 'integer',
      minimum: 1,
      default: 10_000,
      description: 'per request, until the whole response is read',
    },
    fetch: {
      kind: 'function',
      typeLabel: 'typeof fetch',
      description: 'injectable transport; default: the global `fetch` (undici)',
    },
    name: {
      type: 'string',
      minLength: 1,
      description: 'sink name for logs and the run summary; default `webhook(<host>)`',
    },
    log: {
      kind: 'object',
      typeLabel: 'Logger',
      description: 'a warning per failed request (no secrets); default: silent',
    },
  },
  required: ['url'],
} satisfies OptionsSchema;

type ValidatedOptions = WebhookSinkOptions &
  Required<Pick<WebhookSinkOptions, 'batchSize' | 'maxBytes' | 'timeoutMs'>>;

/** Options removed in 0.2: the pipeline owns retries and the dead letter. */
const MOVED_TO_RUN: Record<string, string> = {
  retries: 'run({ retry: { attempts } })',
  minRetryDelayMs: 'run({ retry: { baseMs } })',
  maxRetryDelayMs: 'run({ retry: { maxMs } })',
  deadLetter: 'run({ deadLetter })',
};

/** Apply defaults and validate; throws core's `ConfigError` with a message that never shows secrets. */
export function resolveOptions(options: WebhookSinkOptions): ResolvedWebhookOptions {
  for (const [old, now] of Object.entries(MOVED_TO_RUN)) {
    if ((options as unknown as Record<string, unknown> | null)?.[old] !== undefined)
      throw new ConfigError(
        COMPONENT,
        `\`${old}\` was removed: the pipeline retries and dead-letters, use ${now}`,
      );
  }
  const o = validateOptions<ValidatedOptions>(COMPONENT, WEBHOOK_SINK_OPTIONS, options);
  const url = httpUrl(o.url);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
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
  if (o.secret !== undefined) secrets.push(o.secret);
  return {
    name: o.name ?? `webhook(${url.host})`,
    url: url.toString(),
    redactedUrl: redactUrl(url),
    secret: o.secret,
    headers,
    secrets: secrets.filter((s) => s !== ''),
    batchSize: o.batchSize,
    maxBytes: o.maxBytes,
    timeoutMs: o.timeoutMs,
    fetch: o.fetch ?? globalThis.fetch,
    log: o.log,
  };
}

/** The receiver URL, checked by hand: the schema would quote it, and it may hold userinfo. */
function httpUrl(value: string): URL {
  if (value === '') throw new ConfigError(COMPONENT, '`url` is required (an http: or https: URL)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(COMPONENT, '`url` is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(
      COMPONENT,
      `\`url\` must be http: or https:, got ${url.protocol} (${redactUrl(url)})`,
    );
  return url;
}
