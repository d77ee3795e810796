/**
 * @trailkit/verify: CloudTrail log file integrity validation (`aws cloudtrail validate-logs`, concurrent,
 * multi-account and multi-region, over S3 or a local tree): digest signatures, the digest chain, gaps, and
 * the SHA-256 of every log file.
 * @packageDocumentation
 */
export { verifyTrail, type VerifyPosition } from './verify-trail';
export { VERIFY_TRAIL_SCHEMA, type TimeInput, type VerifyTrailOptions } from './options';
export {
  type ChainLink,
  type DigestResult,
  type LogFileResult,
  PROBLEM_KINDS,
  type Problem,
  type ProblemKind,
  type SignatureCheck,
  type VerifyProgress,
  type VerifyResult,
} from './types';
export { verifySummary, type VerifySummary } from './summary';
export { downloadTrail, type DownloadTrailOptions } from './download-trail';
export type { StoredDigest, StoredSignature, TrailStore } from './trail-store';
export { s3TrailStore, type S3TrailStoreOptions } from './s3-store';
export { localTrailStore, type LocalTrailStoreOptions, SIGNATURE_SIDECAR_SUFFIX } from './local-store';
export {
  cloudTrailPublicKeys,
  type CloudTrailPublicKeysOptions,
  parsePublicKeyList,
  type PublicKeyEntry,
  type PublicKeySource,
  publicKeysFromFile,
} from './public-keys';
export { stringToSign } from './signature';
export { parseDigestKey, type DigestKeyInfo } from './digest-key';
export { VerifyError, type VerifyErrorCode } from './errors';
