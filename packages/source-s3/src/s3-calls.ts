import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { CallRetry } from './options';
import { retryingCall } from './retrying-call';

/** One page of a delimiter listing. */
export interface ListedPage {
  keys: Array<{ key: string; size: number }>;
  prefixes: string[];
}

/** S3 calls with retries and typed errors, shared by the walker and the readers. */
export class S3Calls {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly sourceName: string,
    private readonly policy: CallRetry,
  ) {}

  /** Every page of `ListObjectsV2` under `prefix` (with `Delimiter: '/'` when `delimited`). */
  async *list(prefix: string, options: { delimited: boolean; startAfter?: string; signal: AbortSignal }) {
    let token: string | undefined;
    do {
      const page = await this.call(`s3://${this.bucket}/${prefix}`, options.signal, (abortSignal) =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            Delimiter: options.delimited ? '/' : undefined,
            StartAfter: token ? undefined : options.startAfter,
            ContinuationToken: token,
          }),
          { abortSignal },
        ),
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      const listed: ListedPage = {
        keys: (page.Contents ?? []).map((c) => ({ key: c.Key ?? '', size: c.Size ?? 0 })),
        prefixes: (page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
      };
      yield listed;
    } while (token);
  }

  /** The child prefixes of `prefix` (one delimiter level), all pages. */
  async childPrefixes(prefix: string, signal: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    for await (const page of this.list(prefix, { delimited: true, signal })) out.push(...page.prefixes);
    return out.sort();
  }

  /** `GetObject`, retried until the response starts; the body is then streamed by the caller. */
  getObject(key: string, signal: AbortSignal): Promise<GetObjectCommandOutput> {
    return this.call(`s3://${this.bucket}/${key}`, signal, (abortSignal) =>
      this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal }),
    );
  }

  private call<T>(object: string, signal: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return retryingCall(this.policy, this.sourceName, object, signal, fn);
  }
}
