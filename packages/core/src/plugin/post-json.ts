import { parseRetryAfter } from '../util/retry-after';
import { HttpCallError, type HttpCallErrorInit, isRetryableStatus } from './http-call-error';
import { headerSecrets, redactExcerpt, redactText, redactUrl, urlSecrets } from './redact';

/** Options of {@link postJson}. */
export interface PostJsonOptions {
  /** Where to POST. Userinfo is not allowed by `fetch`: move it into an `authorization` header first. */
  url: string;
  /** The body: a string is sent as is (already JSON), anything else through `JSON.stringify`. */
  body: unknown;
  /** Request headers; `content-type: application/json` is added unless given. Values never appear in errors. */
  headers?: Record<string, string>;
  /** Aborts the call; `postJson` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Timeout in milliseconds for the whole call, response body included (default 10 000). */
  timeoutMs?: number;
  /** The `fetch` to use (default: the global `fetch`). */
  fetch?: typeof globalThis.fetch;
  /** More values to keep out of errors (a bot token sent in the body, ...). */
  secrets?: readonly string[];
  /** Where the call went, for error messages (default `POST <redacted url>`); must not hold secrets. */
  label?: string;
  /**
   * Build the error to throw (default `new HttpCallError(init)`): plugins return their own subclass, with
   * their own `code`.
   */
  createError?: (init: HttpCallErrorInit) => HttpCallError;
}

/** What {@link postJson} resolves with: a 2xx response, its body read as text. */
export interface PostJsonResponse {
  status: number;
  headers: Headers;
  /** The whole response body. */
  text: string;
}

/**
 * POST a JSON body, once: no retry (the pipeline retries, see `retry`). Resolves with a 2xx response;
 * rejects with an {@link HttpCallError} (or what `createError` builds) for any other status, a network
 * error or a timeout, classified for retry (`isRetryable`, `retryAfterMs`) and free of secrets (redacted
 * URL, a short redacted `responseExcerpt`). Rejects with the signal's reason when `signal` aborts.
 *
 * @example
 * ```ts
 * const res = await postJson({ url, body: { text: 'hi' }, headers: { 'x-api-key': key }, signal: ctx.signal });
 * ```
 */
export async function postJson(options: PostJsonOptions): Promise<PostJsonResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const url = redactUrl(options.url);
  const secrets = [...headerSecrets(headers), ...urlSecrets(options.url), ...(options.secrets ?? [])];
  const make = (init: Omit<HttpCallErrorInit, 'url' | 'label'>): HttpCallError => {
    const full: HttpCallErrorInit = { ...init, url, label: options.label };
    return options.createError ? options.createError(full) : new HttpCallError(full);
  };
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await fetchImpl(options.url, { method: 'POST', headers, body, signal });
    text = await res.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw make({ code: 'HTTP_TIMEOUT', detail: `no response within ${timeoutMs} ms`, isRetryable: true });
    }
    const reason = redactText(networkReason(error), secrets);
    throw make({
      code: 'HTTP_NETWORK',
      detail: `request failed: ${reason}`,
      isRetryable: true,
      cause: new Error(reason),
    });
  }
  if (res.status >= 200 && res.status < 300) return { status: res.status, headers: res.headers, text };
  const excerpt = redactExcerpt(text, secrets) || undefined;
  throw make({
    code: 'HTTP_STATUS',
    detail: `HTTP ${res.status}${excerpt ? `: ${excerpt}` : ''}`,
    status: res.status,
    isRetryable: isRetryableStatus(res.status),
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    responseExcerpt: excerpt,
  });
}

/** A short reason for a fetch failure (undici wraps the system error, e.g. `ECONNREFUSED`, in `cause`). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
