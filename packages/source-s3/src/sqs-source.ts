import { setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { ReadContext, Source, SourceBatch } from '@trailkit/core';
import { resolveAwsClient } from '@trailkit/core/plugin';
import { mergeConcurrent } from './concurrent';
import { PoisonMessageError, S3ObjectNotFoundError, S3ThrottledError } from './errors';
import { classifyKey } from './layout';
import { type ObjectRef, parseNotification } from './notification';
import { resolveSqsSourceOptions, type SqsSourceOptions } from './options';
import { retryingCall } from './retrying-call';
import { objectSteps } from './stream-object';

const COMPONENT = 'sqsSource';

/** Counters of an {@link SqsSource}, since it was created. */
export interface SqsSourceStats {
  /** Messages received (a redelivered message counts again). */
  received: number;
  /** Messages deleted after every batch they produced was acknowledged, or because there was nothing to read. */
  deleted: number;
  /** `s3:TestEvent` messages (deleted). */
  testEvents: number;
  /** Digest, Insights and other non-log keys named by notifications (not read). */
  skippedKeys: number;
  /** Poison messages handed to the dead-letter policy. */
  poison: number;
  /** Messages left for redelivery because S3 kept throttling. */
  released: number;
  /** Log files read. */
  objects: number;
}

/** A source reading S3 event notifications from SQS, with counters. */
export interface SqsSource extends Source {
  /** Counters since the source was created. */
  stats(): SqsSourceStats;
}

interface Work {
  message: Message;
  pending: number;
  complete: boolean;
  settled: boolean;
  poison: PoisonMessageError | undefined;
  release: boolean;
  heartbeat: NodeJS.Timeout | undefined;
}

/**
 * Scale out: consume S3 event notifications (direct, via SNS, via EventBridge, or CloudTrail's own SNS
 * notifications) from an SQS queue, fetch each new log file and stream it through core's `parse()`.
 *
 * A message is deleted only once every batch it produced has been acknowledged (every sink wrote it), so
 * any number of workers can share the queue: an object is never lost and is read twice only when a worker
 * dies mid-way (the message becomes visible again). While a message is worked on, its visibility timeout is
 * extended by a heartbeat. Digest, Insights and non-log keys are skipped and their messages deleted;
 * `s3:TestEvent` messages are deleted; poison messages go to the `deadLetter` policy.
 *
 * @example
 * ```ts
 * const source = sqsSource({ queueUrl, clientConfig: { region: 'us-east-1' } });
 * ```
 * @throws {ConfigError} when an option is invalid.
 */
export function sqsSource(options: SqsSourceOptions): SqsSource {
  const o = resolveSqsSourceOptions(options);
  const { queueUrl, maxMessages, concurrency, batchSize, deadLetter, name } = o;
  const wait = o.waitTimeSeconds;
  const visibility = o.visibilityTimeout;
  const retryOptions = o.retry;
  const stats: SqsSourceStats = {
    received: 0,
    deleted: 0,
    testEvents: 0,
    skippedKeys: 0,
    poison: 0,
    released: 0,
    objects: 0,
  };
  let sqs: SQSClient | undefined;
  let s3: S3Client | undefined;

  const call = <T>(object: string | undefined, signal: AbortSignal, fn: (s: AbortSignal) => Promise<T>) =>
    retryingCall(retryOptions, name, object, signal, fn);

  return {
    name,
    stats: () => ({ ...stats }),
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      sqs ??= resolveAwsClient(COMPONENT, o, (config) => new SQSClient(config));
      s3 ??= resolveAwsClient(
        COMPONENT,
        { client: o.s3Client, clientConfig: o.s3ClientConfig },
        (config) => new S3Client(config),
      );
      const sqsClient = sqs;
      const s3Client = s3;
      const stop = new AbortController();
      const signal = AbortSignal.any([ctx.signal, stop.signal]);
      // every in-flight request listens on this signal: allow as many listeners as requests can be in flight
      setMaxListeners(concurrency + maxMessages * 2 + 10, signal);
      const active = new Set<Work>();

      const stopHeartbeat = (work: Work) => {
        if (work.heartbeat) clearInterval(work.heartbeat);
        work.heartbeat = undefined;
      };
      const startHeartbeat = (work: Work) => {
        work.heartbeat = setInterval(
          () => {
            sqsClient
              .send(
                new ChangeMessageVisibilityCommand({
                  QueueUrl: queueUrl,
                  ReceiptHandle: work.message.ReceiptHandle,
                  VisibilityTimeout: visibility,
                }),
              )
              .catch((error: unknown) => {
                if (work.settled) return;
                ctx.log.warn('sqsSource: could not extend visibility', {
                  messageId: work.message.MessageId,
                  error: String(error),
                });
                stopHeartbeat(work);
              });
          },
          Math.max(200, Math.floor((visibility * 1000) / 3)),
        );
        work.heartbeat.unref();
      };
      const deleteMessage = (work: Work) =>
        call(`message ${work.message.MessageId}`, new AbortController().signal, () =>
          sqsClient.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: work.message.ReceiptHandle }),
          ),
        );

      /** Every batch is acknowledged and the message is read: delete, dead-letter or release it. */
      const settle = async (work: Work) => {
        if (work.settled) return;
        work.settled = true;
        stopHeartbeat(work);
        active.delete(work);
        if (work.release) {
          stats.released += 1;
          return;
        }
        if (work.poison) {
          stats.poison += 1;
          ctx.log.warn('sqsSource: poison message', {
            messageId: work.message.MessageId,
            error: work.poison.message,
          });
          if (deadLetter === 'keep') return;
          if (typeof deadLetter === 'function') await deadLetter(work.message, work.poison);
        }
        await deleteMessage(work);
        stats.deleted += 1;
      };

      const batchOf = (work: Work, events: SourceBatch['events'], done?: { bytes: number }): SourceBatch => {
        work.pending += 1;
        return {
          events,
          position: { queue: queueUrl, messageId: work.message.MessageId ?? null },
          objects: done ? 1 : 0,
          bytes: done?.bytes ?? 0,
          ack: async () => {
            work.pending -= 1;
            if (work.complete && work.pending === 0) await settle(work);
          },
        };
      };

      async function* receive(): AsyncGenerator<Work> {
        while (!signal.aborted) {
          const out = await call(queueUrl, signal, (abortSignal) =>
            sqsClient.send(
              new ReceiveMessageCommand({
                QueueUrl: queueUrl,
                MaxNumberOfMessages: maxMessages,
                WaitTimeSeconds: wait,
                VisibilityTimeout: visibility,
                MessageSystemAttributeNames: ['ApproximateReceiveCount'],
              }),
              { abortSignal },
            ),
          );
          const messages = out.Messages ?? [];
          if (messages.length === 0) {
            if (o.stopWhenEmpty) return;
            continue;
          }
          for (const message of messages) {
            stats.received += 1;
            const work: Work = {
              message,
              pending: 0,
              complete: false,
              settled: false,
              poison: undefined,
              release: false,
              heartbeat: undefined,
            };
            active.add(work);
            startHeartbeat(work);
            yield work;
          }
        }
      }

      async function* readObject(work: Work, ref: ObjectRef): AsyncGenerator<SourceBatch> {
        const object = `s3://${ref.bucket}/${ref.key}`;
        const get = () =>
          call(object, signal, (abortSignal) =>
            s3Client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }), { abortSignal }),
          );
        let first: GetObjectCommandOutput | undefined;
        const open = async () => {
          const response = first ?? (await get());
          first = undefined;
          return { body: response.Body as Readable | undefined, contentLength: response.ContentLength };
        };
        try {
          // fetch once up front, so a missing object or throttling is decided before any batch is yielded
          first = await get();
        } catch (error) {
          if (S3ObjectNotFoundError.isInstance(error)) {
            work.poison = new PoisonMessageError(
              name,
              work.message.MessageId ?? '?',
              `${object}: object not found`,
              {
                cause: error,
              },
            );
            return;
          }
          if (S3ThrottledError.isInstance(error)) {
            ctx.log.warn('sqsSource: S3 still throttling; the message will be redelivered', { object });
            work.release = true;
            return;
          }
          throw error;
        }
        const bytes = first.ContentLength ?? ref.size ?? 0;
        const steps = objectSteps(open, {
          name: object,
          source: 'sqs',
          batchSize: batchSize ?? ctx.batchSize ?? 500,
          onInvalid: (error) => ctx.onInvalid(error),
          retry: retryOptions,
          signal,
        });
        for await (const step of steps) yield batchOf(work, step.events, step.last ? { bytes } : undefined);
        stats.objects += 1;
      }

      async function* processMessage(work: Work): AsyncGenerator<SourceBatch> {
        const notification = parseNotification(work.message.Body ?? '');
        if (notification.kind === 'test') stats.testEvents += 1;
        if (notification.kind === 'invalid') {
          work.poison = new PoisonMessageError(name, work.message.MessageId ?? '?', notification.reason);
        }
        if (notification.kind === 'objects') {
          for (const ref of notification.objects) {
            if (classifyKey(ref.key).kind !== 'log') {
              stats.skippedKeys += 1;
              ctx.log.debug('sqsSource: skipping a key that is not a log file', { key: ref.key });
              continue;
            }
            yield* readObject(work, ref);
            if (work.poison || work.release) break;
          }
        }
        work.complete = true;
        if (work.pending === 0) await settle(work);
      }

      let failed = true;
      try {
        for await (const { value } of mergeConcurrent(receive(), concurrency, processMessage)) {
          if (ctx.signal.aborted) return;
          yield value;
        }
        failed = false;
      } finally {
        stop.abort();
        // on failure or abort, unsettled messages simply become visible again (at-least-once)
        if (failed || ctx.signal.aborted) for (const work of active) stopHeartbeat(work);
      }
    },
  };
}
