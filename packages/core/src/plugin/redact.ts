/**
 * Redaction for everything a plugin prints: URLs, response excerpts, log fields. What counts as a secret:
 * URL userinfo, every query value, path segments that look like tokens (and everything after a Slack
 * incoming webhook's `/services/`), bearer and basic credentials, Slack tokens, and any value the plugin
 * names (its header values, its bot token).
 */

/** What replaces a secret. */
export const REDACTED = '***';

/** Shortest value {@link redactText} replaces when named as a secret (shorter ones would garble the text). */
const MIN_SECRET_LENGTH = 4;

/**
 * A URL safe to print: userinfo becomes `***:***@`, every query value becomes `***`, token-like path
 * segments become `***` (and everything after `/services/`, the secret part of a Slack incoming webhook),
 * the fragment is dropped. Input that does not parse as a URL is replaced entirely.
 *
 * @example
 * ```ts
 * redactUrl('https://bob:pw@hooks.slack.com/services/T0/B0/xyz?token=abc'); // 'https://***:***@hooks.slack.com/services/***?token=***'
 * ```
 */
export function redactUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return '<invalid url>';
  }
  const userinfo = u.username || u.password ? `${REDACTED}:${REDACTED}@` : '';
  const query = u.search
    ? `?${[...u.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=${REDACTED}`).join('&')}`
    : '';
  return `${u.protocol}//${userinfo}${u.host}${redactPath(u.pathname)}${query}`;
}

/**
 * A URL path safe to print: everything after a `services` segment (Slack incoming webhooks
 * `/services/T…/B…/<secret>`) and every segment that looks like a token become `***`.
 */
export function redactPath(path: string): string {
  const segments = path.split('/');
  const services = segments.indexOf('services');
  if (services >= 0 && services < segments.length - 1) {
    return [...segments.slice(0, services + 1), REDACTED].join('/');
  }
  return segments.map((s) => (looksLikeToken(s) ? REDACTED : s)).join('/');
}

/**
 * True for a path segment or value that looks like a credential: 16 or more URL-safe characters mixing
 * letters and digits (API keys, webhook tokens, UUIDs), or a known token prefix (`xoxb-`, `ghp_`, ...).
 */
export function looksLikeToken(value: string): boolean {
  if (/^(xox[abposre]|xapp|ghp|gho|ghs|github_pat|sk|pk|whsec|AKIA|ASIA)[-_]/i.test(value)) return true;
  if (value.length < 16 || !/^[A-Za-z0-9._~%+=-]+$/.test(value)) return false;
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/**
 * Text safe to print (a response body, an error message): every value in `secrets` (also in its URL-encoded
 * and base64 forms) becomes `***`, and so do URLs (through {@link redactUrl}), request targets with a query
 * (`/hook?token=…`), Slack webhook paths, `Bearer`/`Basic` credentials, Slack tokens and
 * `password=`/`token=`/`key=`-style pairs.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secretForms(secrets)) out = out.split(secret).join(REDACTED);
  out = out.replace(/https?:\/\/[^\s"'<>`\\]+/g, (url) => redactUrl(url));
  out = out.replace(/\/services\/[^\s"'<>`\\?#]+/g, `/services/${REDACTED}`);
  out = out.replace(/([?&][^\s"'<>`\\=&#]+=)[^\s"'<>`\\&#]+/g, `$1${REDACTED}`);
  out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`);
  out = out.replace(/\bxox[abposre]-[A-Za-z0-9-]+/g, REDACTED);
  out = out.replace(
    /\b((?:api[-_]?key|token|secret|password|passwd|signature|authorization)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
    `$1${REDACTED}`,
  );
  return out;
}

/**
 * The first `max` characters (default 200) of `text` after {@link redactText}, with `…` when cut. Redaction
 * runs on the whole text first, so a secret is never left half-visible at the cut.
 */
export function redactExcerpt(text: string, secrets: readonly string[] = [], max = 200): string {
  const safe = redactText(text, secrets).replace(/\s+/g, ' ').trim();
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/**
 * Header values worth hiding: every value except those of harmless headers (`content-type`, `accept`,
 * `user-agent`, `content-length`, `idempotency-key`). An `authorization` value also yields its credential
 * without the scheme. Pass the result to {@link redactText} as `secrets`.
 */
export function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (SAFE_HEADERS.has(name.toLowerCase())) continue;
    out.push(value);
    const space = value.indexOf(' ');
    if (space > 0) out.push(value.slice(space + 1));
  }
  return out;
}

/** The secrets of a URL: userinfo, query values and token-like path segments. */
export function urlSecrets(url: string | URL): string[] {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return [];
  }
  const out = [u.username, u.password, decodeURIComponent(u.username), decodeURIComponent(u.password)];
  for (const v of u.searchParams.values()) out.push(v);
  const segments = u.pathname.split('/');
  const services = segments.indexOf('services');
  segments.forEach((s, i) => {
    if ((services >= 0 && i > services + 1) || looksLikeToken(s)) out.push(s);
  });
  return out.filter((s) => s.length >= MIN_SECRET_LENGTH);
}

const SAFE_HEADERS = new Set(['content-type', 'accept', 'user-agent', 'content-length', 'idempotency-key']);

/** Each secret as given, URL-encoded and base64-encoded; longest first so a longer one wins. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== 'string' || s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(Buffer.from(s).toString('base64'));
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}
