import type { IncomingMessage, ServerResponse } from 'node:http';

/** The options of s3rver 3.7.1 that `startS3Server` uses (the package ships no typings). */
export interface S3rverOptions {
  directory?: string;
  silent?: boolean;
  resetOnClose?: boolean;
  allowMismatchedSignatures?: boolean;
  vhostBuckets?: boolean;
  configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
}

/** The parts of an s3rver instance (a Koa app) that `startS3Server` uses. */
export interface S3rverInstance {
  /** Koa's request handler. */
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  configureBuckets(): Promise<void>;
  logger: { close(): void; exceptions: { unhandle(): void } };
}

/** The s3rver class. */
export type S3rverConstructor = new (options?: S3rverOptions) => S3rverInstance;
