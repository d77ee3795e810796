/** Where a trail's digests and log files are read from: an S3 bucket, or a local `AWSLogs/` tree. */

/** A digest's signature, as CloudTrail stores it in S3 object metadata. */
export interface StoredSignature {
  /** Hex signature (`x-amz-meta-signature`). */
  signature: string;
  /** `x-amz-meta-signature-algorithm`, e.g. `SHA256withRSA`. */
  algorithm: string;
}

/** A digest file as stored. */
export interface StoredDigest {
  /** The stored bytes (gzip, or plain JSON). */
  body: Uint8Array;
  /** Its signature, when the store has it (S3 metadata, a sidecar file). */
  signature?: StoredSignature;
}

/**
 * The storage `verifyTrail` reads. Keys are `/`-separated, ascending in listings; `root` is the key prefix
 * before `AWSLogs/` (`''` or `'prefix/'`).
 */
export interface TrailStore {
  /** For messages: `s3://bucket/prefix` or the directory. */
  readonly name: string;
  /** The key prefix before `AWSLogs/`. */
  readonly root: string;
  /** Where signatures come from, for the summary: S3 metadata, sidecar files, or none. */
  readonly signatures: 's3-metadata' | 'sidecar' | 'none';
  /** Names of the folders directly under `prefix` (which ends with `/`), without the slash. */
  listFolders(prefix: string, signal?: AbortSignal): Promise<string[]>;
  /** Every key under `prefix`, ascending. */
  listKeys(prefix: string, signal?: AbortSignal): AsyncIterable<string>;
  /** The store key of an S3 location named in a digest. */
  locate(bucket: string, s3Key: string): string;
  /** True when the digest stored at `key` may say it is at `bucket`/`s3Key`. */
  isOwnLocation(key: string, bucket: string, s3Key: string): boolean;
  /** A digest, or undefined when not found. */
  readDigest(key: string, signal?: AbortSignal): Promise<StoredDigest | undefined>;
  /**
   * The signature of the digest CloudTrail wrote at `bucket`/`s3Key`, when `readDigest` had none (a local
   * tree reading S3 metadata with HeadObject).
   */
  signatureOf?(bucket: string, s3Key: string, signal?: AbortSignal): Promise<StoredSignature | undefined>;
  /** An object's bytes as a stream, or undefined when not found. */
  readObject(key: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array> | undefined>;
}
