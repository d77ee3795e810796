import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/**
 * The string CloudTrail signs for a digest: `digestEndTime`, `digestS3Bucket/digestS3Object`, the hex
 * SHA-256 of the uncompressed digest, and `previousDigestSignature` (`null` for the first digest), joined
 * by newlines.
 */
export function stringToSign(
  digest: {
    digestEndTime?: unknown;
    digestS3Bucket?: unknown;
    digestS3Object?: unknown;
    previousDigestSignature?: unknown;
  },
  digestHash: string,
): string {
  const previous = digest.previousDigestSignature ?? 'null';
  return `${String(digest.digestEndTime)}\n${String(digest.digestS3Bucket)}/${String(digest.digestS3Object)}\n${digestHash}\n${String(previous)}`;
}

/** A PKCS#1 DER RSA public key as a `KeyObject`, or undefined when it is not one. */
export function rsaPublicKey(der: Uint8Array): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.from(der), format: 'der', type: 'pkcs1' });
  } catch {
    return undefined;
  }
}

/** True when `signatureHex` is a valid SHA256withRSA (PKCS#1 v1.5) signature of `text` by `key`. */
export function verifySignature(key: KeyObject, text: string, signatureHex: string): boolean {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) return false;
  try {
    return verify('sha256', Buffer.from(text, 'utf8'), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
