import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { resolveAwsClient } from '@trailkit/core/plugin';
import { VerifyError } from './errors';
import type { StoredSignature, TrailStore } from './trail-store';

/** Objects up to this size are read in one buffer. */
const WHOLE_OBJECT_BYTES = 4 * 1024 * 1024;

/** Options of {@link s3TrailStore}. */
export interface S3TrailStoreOptions {
  /** The trail's bucket. */
  bucket: string;
  /** The trail's key prefix (without `AWSLogs/`), e.g. `logs`. */
  prefix?: string;
  /** A ready S3 client. */
  client?: S3Client;
  /** Settings for the S3 client built otherwise. */
  clientConfig?: S3ClientConfig;
}

/**
 * A trail in S3: lists with `ListObjects` (paged by `Marker`, as aws-cli does), reads with `GetObject`; digest signatures come from the
 * object metadata (`x-amz-meta-signature`, `x-amz-meta-signature-algorithm`). Log files a digest names in
 * another bucket are read from that bucket with the same client.
 */
export function s3TrailStore(options: S3TrailStoreOptions): TrailStore {
  let client: S3Client | undefined;
  const s3 = () => {
    client ??= resolveAwsClient('s3TrailStore', options, (config) => new S3Client(config));
    return client;
  };
  const root = options.prefix ? `${options.prefix.replace(/^\/+|\/+$/g, '')}/` : '';
  const where = (key: string): { Bucket: string; Key: string } => {
    const other = /^s3:\/\/([^/]+)\/(.*)$/s.exec(key);
    return other ? { Bucket: other[1]!, Key: other[2]! } : { Bucket: options.bucket, Key: key };
  };
  const fail = (what: string, cause: unknown): VerifyError =>
    new VerifyError('VERIFY_STORE_FAILED', `s3://${options.bucket}: ${what}: ${describe(cause)}`, { cause });

  return {
    name: `s3://${options.bucket}${root ? `/${root.slice(0, -1)}` : ''}`,
    root,
    signatures: 's3-metadata',
    async listFolders(prefix, signal) {
      const names: string[] = [];
      let marker: string | undefined;
      do {
        const page = await s3()
          .send(
            new ListObjectsCommand({
              Bucket: options.bucket,
              Prefix: prefix,
              Delimiter: '/',
              Marker: marker,
            }),
            { abortSignal: signal },
          )
          .catch((e: unknown) => {
            throw fail(`listing ${prefix}`, e);
          });
        for (const p of page.CommonPrefixes ?? []) {
          if (p.Prefix) names.push(p.Prefix.slice(prefix.length).replace(/\/$/, ''));
        }
        marker = page.IsTruncated ? page.NextMarker : undefined;
      } while (marker);
      return names;
    },
    async *listKeys(prefix, signal) {
      let marker: string | undefined;
      do {
        const page = await s3()
          .send(new ListObjectsCommand({ Bucket: options.bucket, Prefix: prefix, Marker: marker }), {
            abortSignal: signal,
          })
          .catch((e: unknown) => {
            throw fail(`listing ${prefix}`, e);
          });
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
        yield* keys;
        marker = page.IsTruncated ? keys.at(-1) : undefined;
      } while (marker);
    },
    locate: (bucket, s3Key) => (bucket === options.bucket ? s3Key : `s3://${bucket}/${s3Key}`),
    isOwnLocation: (key, bucket, s3Key) => bucket === options.bucket && s3Key === key,
    async readDigest(key, signal) {
      try {
        const got = await s3().send(new GetObjectCommand(where(key)), { abortSignal: signal });
        const body = await got.Body!.transformToByteArray();
        return { body, signature: fromMetadata(got.Metadata) };
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw fail(`reading ${key}`, e);
      }
    },
    async signatureOf(bucket, s3Key, signal) {
      try {
        const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: s3Key }), {
          abortSignal: signal,
        });
        return fromMetadata(head.Metadata);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw fail(`reading the metadata of ${s3Key}`, e);
      }
    },
    async readObject(key, signal) {
      try {
        const got = await s3().send(new GetObjectCommand(where(key)), { abortSignal: signal });
        if (got.ContentLength !== undefined && got.ContentLength <= WHOLE_OBJECT_BYTES) {
          // small objects (nearly every log file): one read into one buffer, cheaper than chunk iteration
          const bytes = await got.Body!.transformToByteArray();
          return (async function* () {
            yield bytes;
          })();
        }
        return got.Body as unknown as AsyncIterable<Uint8Array>;
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw fail(`reading ${key}`, e);
      }
    },
  };
}

/** The signature in S3 user metadata, if both members are there. */
function fromMetadata(metadata: Record<string, string> | undefined): StoredSignature | undefined {
  const signature = metadata?.signature;
  const algorithm = metadata?.['signature-algorithm'];
  return signature && algorithm ? { signature, algorithm } : undefined;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
