/** What `verifyTrail` yields: one result per digest, per log file named in a digest, and per problem. */

/** The kinds of integrity problems. */
export type ProblemKind =
  /** A log file whose SHA-256 (uncompressed) differs from its digest's `hashValue`, or a digest that is not a valid digest file or names another location. */
  | 'modified'
  /** A log file named in a digest that is not found. */
  | 'deleted'
  /** A log file in the range that no digest names (delivered while validation was off, or planted). */
  | 'not-covered'
  /** A digest of the chain (named by the next digest's `previousDigestS3Object`) that is not found. */
  | 'digest-missing'
  /** A digest whose signature does not verify with the public key of its fingerprint. */
  | 'signature-invalid'
  /** A digest whose link to the previous digest (hash, signature, key) does not match that digest. */
  | 'chain-broken'
  /** A digest with a null previous digest after earlier digests: validation or logging was off in between. */
  | 'gap'
  /** A digest signed with a key (fingerprint) that is not among the public keys of the range. */
  | 'key-unknown';

/** Every problem kind, in the order summaries list them. */
export const PROBLEM_KINDS: readonly ProblemKind[] = [
  'modified',
  'deleted',
  'not-covered',
  'digest-missing',
  'signature-invalid',
  'chain-broken',
  'gap',
  'key-unknown',
];

/** The outcome of a digest's signature check. */
export type SignatureCheck =
  /** Verified with the public key of its fingerprint. */
  | 'valid'
  /** Did not verify. */
  | 'invalid'
  /** Its fingerprint is not among the public keys. */
  | 'key-unknown'
  /** No signature available (a local tree without sidecars or S3 access): not checked. */
  | 'unavailable';

/** How a digest links to the one before it in its chain. */
export type ChainLink =
  /** Names the previous digest, and its hash and signature match that digest. */
  | 'linked'
  /** The first digest in the range: its previous digest lies before the range (or it starts the chain). */
  | 'start'
  /** A null previous digest after earlier digests. */
  | 'gap'
  /** Names a previous digest that is not found. */
  | 'missing'
  /** Names a previous digest that does not match (hash, signature or key). */
  | 'broken';

/** One digest file checked. */
export interface DigestResult {
  type: 'digest';
  /** The digest's key in the store (S3 key, or path relative to the local tree's root). */
  key: string;
  /** Where the digest says it is (`digestS3Bucket`, `digestS3Object`). */
  bucket: string;
  s3Key: string;
  account: string;
  region: string;
  trail: string;
  startTime: string;
  endTime: string;
  /** Hex SHA-256 of the uncompressed digest: what the next digest names as `previousDigestHashValue`. */
  hash: string;
  signature: SignatureCheck;
  link: ChainLink;
  /** Log files the digest names. */
  logFiles: number;
  /** True when the digest itself is intact: signature valid (or unavailable), own location, linked or start. */
  valid: boolean;
}

/** One log file named in a digest. */
export interface LogFileResult {
  type: 'log';
  key: string;
  /** The digest that names it. */
  digest: string;
  status: 'valid' | 'modified' | 'deleted';
}

/** Something wrong, named by the exact key and a kind. */
export interface Problem {
  type: 'problem';
  kind: ProblemKind;
  /** The log file or digest concerned (for `gap`: the digest after the gap). */
  key: string;
  /** What is wrong, for people. */
  detail: string;
  /** The digest involved, when the problem is about a log file. */
  digest?: string;
  /** For `gap`: the end of the last digest before and the start of the first after. */
  from?: string;
  to?: string;
}

/** A result of `verifyTrail`. */
export type VerifyResult = DigestResult | LogFileResult | Problem;

/** Progress counters, reported as work finishes. */
export interface VerifyProgress {
  digests: number;
  logFiles: number;
  bytes: number;
}
