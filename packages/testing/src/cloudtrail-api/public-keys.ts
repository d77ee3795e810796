/** `ListPublicKeys` of the local CloudTrail server: the keys that sign digest files. */
import { AwsJsonError } from '../http/json-protocol-server';

/** A public key as the local CloudTrail server serves it (and `aws cloudtrail list-public-keys` prints it). */
export interface ServedPublicKey {
  /** DER of the PKCS#1 RSA public key. */
  der: Uint8Array;
  /** Hex fingerprint digests name in `digestPublicKeyFingerprint`. */
  fingerprint: string;
  /** Start of the key's validity. */
  validFrom: Date;
  /** End of the key's validity. */
  validUntil: Date;
}

/**
 * Answer `ListPublicKeys` as CloudTrail does: keys whose validity overlaps `[StartTime, EndTime]` (default: the
 * last day up to now), `Value` as base64 DER, times as epoch seconds, `pageSize` keys a page with `NextToken`.
 */
export function listPublicKeys(
  keys: readonly ServedPublicKey[],
  pageSize: number,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const now = Date.now();
  const start = epochMs(input.StartTime, now - 86_400_000);
  const end = epochMs(input.EndTime, now);
  if (start > end) throw new AwsJsonError('InvalidTimeRangeException', 'StartTime must be before EndTime');
  const matching = keys
    .filter((k) => k.validFrom.getTime() <= end && k.validUntil.getTime() >= start)
    .sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime());
  const offset = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > matching.length) {
    throw new AwsJsonError('InvalidTokenException', 'Reading the token failed.');
  }
  const page = matching.slice(offset, offset + pageSize);
  const next = offset + pageSize < matching.length ? String(offset + pageSize) : undefined;
  return {
    PublicKeyList: page.map((k) => ({
      Value: Buffer.from(k.der).toString('base64'),
      ValidityStartTime: k.validFrom.getTime() / 1000,
      ValidityEndTime: k.validUntil.getTime() / 1000,
      Fingerprint: k.fingerprint,
    })),
    ...(next ? { NextToken: next } : {}),
  };
}

function epochMs(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsJsonError('SerializationException', 'StartTime and EndTime must be epoch seconds');
  }
  return value * 1000;
}
