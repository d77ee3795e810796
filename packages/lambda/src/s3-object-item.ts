import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parse, type TrailEvent } from '@trailkit/core';
import type { ObjectRef } from '@trailkit/source-s3';
import type { ItemReadContext, WorkItem } from './work-item';

/** Keys CloudTrail writes that hold no events to read here: digest files, Insights files. */
const NOT_EVENTS = /\/CloudTrail-(Digest|Insight)\//;

/** The `origin.source` of events read from S3 by the handlers. */
export const S3_ORIGIN = 's3';

/**
 * A work item reading S3 objects (the objects one notification names) through core's streaming parser,
 * one after another. Digest and Insights files are skipped (done, no events). A missing object, access
 * denied or a broken body fails the item (the SDK's own retries apply first).
 */
export function s3ObjectsItem(id: string, objects: readonly ObjectRef[], client: () => S3Client): WorkItem {
  const wanted = objects.filter((o) => !NOT_EVENTS.test(o.key));
  return {
    id,
    objects: wanted.length,
    async *read(ctx: ItemReadContext): AsyncGenerator<TrailEvent[]> {
      for (const ref of wanted) yield* readObject(client(), ref, ctx);
    },
  };
}

async function* readObject(
  client: S3Client,
  ref: ObjectRef,
  ctx: ItemReadContext,
): AsyncGenerator<TrailEvent[]> {
  const name = `s3://${ref.bucket}/${ref.key}`;
  const response = await client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }), {
    abortSignal: ctx.signal,
  });
  const body = (response.Body as Readable | undefined) ?? new Uint8Array();
  try {
    yield* parse(body, { name, source: S3_ORIGIN, batchSize: ctx.batchSize, onInvalid: ctx.onInvalid });
  } finally {
    if (!(body instanceof Uint8Array)) body.destroy();
  }
}
