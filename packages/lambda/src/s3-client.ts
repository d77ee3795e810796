import { S3Client } from '@aws-sdk/client-s3';
import { resolveAwsClient } from '@trailkit/core/plugin';
import type { HandlerOptions } from './options';

/** The S3 client of a handler: the injected one, or one created on first use and kept for the container. */
export function lazyS3Client(component: string, options: HandlerOptions): () => S3Client {
  let client: S3Client | undefined;
  return () => {
    client ??= resolveAwsClient(component, options, (config) => new S3Client(config));
    return client;
  };
}
