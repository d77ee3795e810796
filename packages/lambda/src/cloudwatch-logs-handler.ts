import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import { parse } from '@trailkit/core';
import { InvocationFailedError } from './errors';
import type { HandlerOptions } from './options';
import { type InvocationOutcome, handlerRuntime, runInvocation } from './run-invocation';
import type { WorkItem } from './work-item';

/** A Lambda handler for a CloudWatch Logs subscription filter. */
export type CloudWatchLogsLambdaHandler = (
  event: CloudWatchLogsEvent,
  context: Context,
) => Promise<InvocationOutcome>;

/** The item name, `origin.object` and `origin.source` of subscription payload events. */
const AWSLOGS = 'awslogs';

/**
 * A handler for a CloudWatch Logs subscription filter on the trail's log group: `awslogs.data` (base64
 * of a gzip `DATA_MESSAGE`) is decoded by core's streaming parser, each `logEvents[].message` is one
 * record; a `CONTROL_MESSAGE` yields nothing. Bad messages follow `onInvalid`. When the payload was not
 * written by every sink (or is not a payload) it throws {@link InvocationFailedError}, so Lambda retries.
 */
export function cloudWatchLogsHandler(options: HandlerOptions): CloudWatchLogsLambdaHandler {
  const runtime = handlerRuntime('cloudWatchLogsHandler', 'lambda-cloudwatch-logs', options);
  return async (event, context) => {
    const item: WorkItem = {
      id: AWSLOGS,
      objects: 1,
      async *read(ctx) {
        const data = event?.awslogs?.data;
        if (typeof data !== 'string')
          throw new Error('not a CloudWatch Logs subscription event (no awslogs.data)');
        yield* parse(Buffer.from(data, 'base64'), {
          name: AWSLOGS,
          source: 'cloudwatch-logs',
          batchSize: ctx.batchSize,
          onInvalid: ctx.onInvalid,
        });
      },
    };
    const outcome = await runInvocation(runtime, [item], context);
    if (outcome.failed.length > 0) throw new InvocationFailedError(outcome.failed, 1);
    return outcome;
  };
}
