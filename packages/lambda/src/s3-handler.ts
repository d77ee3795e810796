import type { Context } from 'aws-lambda';
import { InvocationFailedError } from './errors';
import type { HandlerOptions } from './options';
import { type InvocationOutcome, handlerRuntime, runInvocation } from './run-invocation';
import { lazyS3Client } from './s3-client';
import { type S3NotificationLambdaEvent, s3NotificationItems } from './s3-notification-items';

/** A Lambda handler for S3 notifications (asynchronous invocations). */
export type S3LambdaHandler = (
  event: S3NotificationLambdaEvent,
  context: Context,
) => Promise<InvocationOutcome>;

/**
 * A handler invoked by S3 event notifications: directly (`S3Event`), through SNS (`SNSEvent`), or by an
 * EventBridge rule on `Object Created`. It reads every log object named and runs the pipeline over them.
 * Digest and Insights files are skipped. When any object was not written by every sink (unreadable, a
 * sink failed, the time ran out) it throws {@link InvocationFailedError} after the others were written:
 * Lambda retries the invocation (then sends it to the on-failure destination), so nothing is lost.
 * Resolves with the outcome (summary, succeeded objects) otherwise.
 */
export function s3Handler(options: HandlerOptions): S3LambdaHandler {
  const runtime = handlerRuntime('s3Handler', 'lambda-s3', options);
  const client = lazyS3Client('s3Handler', runtime.options);
  return async (event, context) => {
    const items = s3NotificationItems(event, client);
    const outcome = await runInvocation(runtime, items, context);
    if (outcome.failed.length > 0) throw new InvocationFailedError(outcome.failed, items.length);
    return outcome;
  };
}
