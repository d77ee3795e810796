import type { Context } from 'aws-lambda';
import { ParseError } from '@trailkit/core';
import { InvocationFailedError } from './errors';
import {
  type CloudTrailEventBridgeEvent,
  isCloudTrailEventBridgeEvent,
  unwrapCloudTrailEvent,
} from './cloudtrail-event';
import type { HandlerOptions } from './options';
import { type InvocationOutcome, handlerRuntime, runInvocation } from './run-invocation';
import { emptyItem, type WorkItem } from './work-item';

/** A Lambda handler for an EventBridge rule on CloudTrail events. */
export type EventBridgeLambdaHandler = (
  event: CloudTrailEventBridgeEvent,
  context: Context,
) => Promise<InvocationOutcome>;

/**
 * A handler for an EventBridge rule matching CloudTrail events (`AWS API Call via CloudTrail`, console
 * sign-in, service events, ...): the event's `detail` is the record, run through the pipeline, for
 * real-time detection and response (seconds after the call, where log files take minutes). An event that
 * is not a CloudTrail event is logged and ignored (a retry would not change it). When the record was not
 * written by every sink (a bad record under `onInvalid: 'fail'`, a sink failure, the time ran out) it
 * throws {@link InvocationFailedError}, so Lambda retries the event.
 */
export function eventBridgeHandler(options: HandlerOptions): EventBridgeLambdaHandler {
  const runtime = handlerRuntime('eventBridgeHandler', 'lambda-eventbridge', options);
  return async (event, context) => {
    let item: WorkItem;
    if (isCloudTrailEventBridgeEvent(event)) {
      item = {
        id: event.id,
        objects: 1,
        async *read(ctx) {
          try {
            yield [unwrapCloudTrailEvent(event)];
          } catch (error) {
            if (!ParseError.isInstance(error)) throw error;
            ctx.onInvalid(error); // skip: counted, the event is done; fail: it throws, the event fails
          }
        },
      };
    } else {
      const type = (event as { 'detail-type'?: unknown } | null)?.['detail-type'];
      runtime.log.warn('not a CloudTrail event: ignored', {
        requestId: context.awsRequestId,
        detailType: type,
      });
      item = emptyItem(String((event as { id?: unknown } | null)?.id ?? 'event'));
    }
    const outcome = await runInvocation(runtime, [item], context);
    if (outcome.failed.length > 0) throw new InvocationFailedError(outcome.failed, 1);
    return outcome;
  };
}
