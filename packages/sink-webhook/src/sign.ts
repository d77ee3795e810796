import { createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the signature header. */
export const SIGNATURE_HEADER = 'x-trailkit-signature';

/**
 * Compute the signature header value for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256>` where the HMAC is
 * taken over `"<t>.<body>"` with `secret` as the key (the scheme Stripe uses).
 */
export function signPayload(input: { body: string | Uint8Array; secret: string; timestamp: number }): string {
  const t = Math.floor(input.timestamp);
  return `t=${t},v1=${hmacHex(input.secret, t, input.body)}`;
}

/** Options of {@link verifySignature}. */
export interface VerifySignatureOptions {
  /** The raw request body, exactly as received (do not re-serialize parsed JSON). */
  body: string | Uint8Array;
  /** The `x-trailkit-signature` header value. */
  header: string | null | undefined;
  /** The shared secret. */
  secret: string;
  /** Reject signatures whose timestamp is further than this from `now` (replay protection). Default 300. */
  toleranceSeconds?: number;
  /** Current time in milliseconds since the epoch. Default `Date.now()`. */
  now?: number;
}

/**
 * Check a webhook request's signature. Returns `true` only if the header is well formed, its timestamp is
 * within `toleranceSeconds` of `now`, and one of its `v1` signatures equals the HMAC-SHA256 of
 * `"<t>.<body>"` (compared in constant time with `crypto.timingSafeEqual`). Never throws on bad input.
 */
export function verifySignature(options: VerifySignatureOptions): boolean {
  const { body, header, secret } = options;
  if (typeof header !== 'string' || header.length === 0 || header.length > 4096) return false;
  if (typeof secret !== 'string' || secret.length === 0) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  const tolerance = options.toleranceSeconds ?? 300;
  const nowSeconds = (options.now ?? Date.now()) / 1000;
  if (Math.abs(nowSeconds - timestamp) > tolerance) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  let ok = false;
  for (const sig of signatures) {
    // Compare every candidate (no early exit) so timing does not reveal which one matched.
    if (timingSafeEqual(expected, Buffer.from(sig, 'hex'))) ok = true;
  }
  return ok;
}

function hmacHex(secret: string, timestamp: number, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}
