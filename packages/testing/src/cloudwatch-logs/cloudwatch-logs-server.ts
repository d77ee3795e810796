import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import { pattern } from '@trailkit/core';
import {
  AwsJsonError,
  FailureBudget,
  requireString,
  startJsonProtocolServer,
} from '../http/json-protocol-server';
import { type FilterLogEventsInput, filterLogEvents } from './filter-log-events';
import { LogStore, type StoredLogGroup, type StoredLogStream } from './log-store';

/** Options of {@link startCloudWatchLogsServer}. */
export interface CloudWatchLogsServerOptions {
  /** Events scanned per FilterLogEvents call before a `nextToken` is returned (default 50). */
  pageSize?: number;
}

/** One request the server received. */
export interface ReceivedLogsRequest {
  operation: string;
  input: Record<string, unknown>;
}

/** A log event to put, as PutLogEvents takes it. */
export interface LogEventInput {
  timestamp: number;
  message: string;
}

/** A running local CloudWatch Logs server. */
export interface CloudWatchLogsServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** A real `CloudWatchLogsClient` pointed at this server (region `us-east-1`, static test credentials). */
  client(config?: Partial<CloudWatchLogsClientConfig>): CloudWatchLogsClient;
  /** Every request received, in order (throttled ones included). */
  readonly requests: ReceivedLogsRequest[];
  /** Make the next `count` calls (optionally only of these operations) fail with `ThrottlingException`. */
  throttleNext(count: number, operations?: readonly string[]): void;
  /** Events scanned per FilterLogEvents call; change it at any time. */
  pageSize: number;
  /** Put events directly (creating the group and stream when missing); returns their event ids. */
  putEvents(logGroupName: string, logStreamName: string, events: readonly LogEventInput[]): string[];
  /**
   * Put CloudTrail records as a trail delivering to CloudWatch Logs does: one log event per record, its
   * message the record's JSON, its timestamp the record's `eventTime` (or `timestamp` when given).
   * Events are put in timestamp order. Returns their event ids.
   */
  putRecords(
    logGroupName: string,
    logStreamName: string,
    records: readonly object[],
    options?: { timestamp?: number },
  ): string[];
  /** Stop the server. */
  stop(): Promise<void>;
}

/**
 * Start a local CloudWatch Logs endpoint (AWS JSON 1.1, `X-Amz-Target: Logs_20140328.<Operation>`) on
 * 127.0.0.1 and a random port. Implements CreateLogGroup, CreateLogStream, DeleteLogGroup, DescribeLogGroups,
 * DescribeLogStreams, PutLogEvents and FilterLogEvents (filter patterns evaluated by `@trailkit/core`'s
 * `pattern()`, small pages with `nextToken`, `startTime`/`endTime`, `logStreamNames`, `limit`).
 */
export async function startCloudWatchLogsServer(
  options: CloudWatchLogsServerOptions = {},
): Promise<CloudWatchLogsServer> {
  const store = new LogStore();
  const throttle = new FailureBudget();
  const requests: ReceivedLogsRequest[] = [];
  const state = { pageSize: options.pageSize ?? 50 };

  const group = (input: Record<string, unknown>): StoredLogGroup => {
    const name =
      typeof input.logGroupIdentifier === 'string'
        ? (input.logGroupIdentifier.split(':log-group:')[1]?.replace(/:\*$/, '') ?? input.logGroupIdentifier)
        : requireString(input, 'logGroupName', 'InvalidParameterException');
    const found = store.groups.get(name);
    if (!found)
      throw new AwsJsonError('ResourceNotFoundException', 'The specified log group does not exist.');
    return found;
  };
  const stream = (input: Record<string, unknown>): StoredLogStream => {
    const name = requireString(input, 'logStreamName', 'InvalidParameterException');
    const found = group(input).streams.get(name);
    if (!found)
      throw new AwsJsonError('ResourceNotFoundException', 'The specified log stream does not exist.');
    return found;
  };
  const put = (logGroupName: string, logStreamName: string, events: readonly LogEventInput[]) => {
    const g = store.groups.get(logGroupName) ?? store.createGroup(logGroupName);
    const s = g.streams.get(logStreamName) ?? store.createStream(g, logStreamName);
    return store.append(s, events).map((event) => event.eventId);
  };

  const server = await startJsonProtocolServer({
    targetPrefix: 'Logs_20140328',
    errorNamespace: 'com.amazonaws.logs',
    onRequest: (operation, input) => requests.push({ operation, input }),
    beforeOperation(operation) {
      if (throttle.take(operation)) throw new AwsJsonError('ThrottlingException', 'Rate exceeded');
    },
    operations: {
      CreateLogGroup(input) {
        const name = requireString(input, 'logGroupName', 'InvalidParameterException');
        if (store.groups.has(name)) {
          throw new AwsJsonError('ResourceAlreadyExistsException', 'The specified log group already exists');
        }
        store.createGroup(name);
        return {};
      },
      DeleteLogGroup(input) {
        store.groups.delete(group(input).logGroupName);
        return {};
      },
      CreateLogStream(input) {
        const g = group(input);
        const name = requireString(input, 'logStreamName', 'InvalidParameterException');
        if (g.streams.has(name)) {
          throw new AwsJsonError('ResourceAlreadyExistsException', 'The specified log stream already exists');
        }
        store.createStream(g, name);
        return {};
      },
      DescribeLogGroups(input) {
        const prefix = typeof input.logGroupNamePrefix === 'string' ? input.logGroupNamePrefix : '';
        return {
          logGroups: [...store.groups.values()]
            .filter((g) => g.logGroupName.startsWith(prefix))
            .map((g) => ({
              logGroupName: g.logGroupName,
              creationTime: g.creationTime,
              arn: `arn:aws:logs:us-east-1:123456789012:log-group:${g.logGroupName}:*`,
              storedBytes: 0,
            })),
        };
      },
      DescribeLogStreams(input) {
        const g = group(input);
        const prefix = typeof input.logStreamNamePrefix === 'string' ? input.logStreamNamePrefix : '';
        const byTime = input.orderBy === 'LastEventTime';
        const list = [...g.streams.values()]
          .filter((s) => s.logStreamName.startsWith(prefix))
          .map((s) => describeStream(g, s));
        list.sort((a, b) =>
          byTime
            ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0)
            : a.logStreamName < b.logStreamName
              ? -1
              : a.logStreamName > b.logStreamName
                ? 1
                : 0,
        );
        if (input.descending === true) list.reverse();
        const limit = typeof input.limit === 'number' ? input.limit : 50;
        const offset = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
        const page = list.slice(offset, offset + limit);
        return {
          logStreams: page,
          ...(offset + limit < list.length ? { nextToken: String(offset + limit) } : {}),
        };
      },
      PutLogEvents(input) {
        const s = stream(input);
        const events = input.logEvents;
        if (!Array.isArray(events) || events.length === 0) {
          throw new AwsJsonError('InvalidParameterException', 'logEvents must contain at least one event');
        }
        let previous = Number.NEGATIVE_INFINITY;
        const valid: LogEventInput[] = [];
        for (const [index, event] of events.entries()) {
          const { timestamp, message } = (event ?? {}) as Record<string, unknown>;
          if (typeof timestamp !== 'number' || typeof message !== 'string') {
            throw new AwsJsonError(
              'InvalidParameterException',
              `logEvents[${index}] needs timestamp and message`,
            );
          }
          if (timestamp < previous) {
            throw new AwsJsonError(
              'InvalidParameterException',
              'Log events in a single PutLogEvents request must be in chronological order.',
            );
          }
          previous = timestamp;
          valid.push({ timestamp, message });
        }
        store.append(s, valid);
        return { nextSequenceToken: String(s.uploadSequenceToken) };
      },
      FilterLogEvents(input) {
        const g = group(input);
        const filterPattern = typeof input.filterPattern === 'string' ? input.filterPattern.trim() : '';
        let matches: (message: string) => boolean = () => true;
        if (filterPattern) {
          try {
            const compiled = pattern(filterPattern);
            matches = (message) => compiled.testMessage(message);
          } catch (error) {
            throw new AwsJsonError(
              'InvalidParameterException',
              `Invalid filter pattern: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
        return filterLogEvents(g, input as FilterLogEventsInput, matches, state.pageSize);
      },
    },
  });

  return {
    endpoint: server.endpoint,
    client: (config = {}) =>
      new CloudWatchLogsClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        ...config,
      }),
    requests,
    throttleNext: (count, operations) => throttle.arm(count, operations),
    get pageSize() {
      return state.pageSize;
    },
    set pageSize(value: number) {
      state.pageSize = value;
    },
    putEvents: put,
    putRecords(logGroupName, logStreamName, records, putOptions = {}) {
      const events = records.map((record) => {
        const eventTime = (record as { eventTime?: unknown }).eventTime;
        const timestamp =
          putOptions.timestamp ?? (typeof eventTime === 'string' ? Date.parse(eventTime) : Date.now());
        return { timestamp, message: JSON.stringify(record) };
      });
      events.sort((a, b) => a.timestamp - b.timestamp);
      return put(logGroupName, logStreamName, events);
    },
    stop: () => server.stop(),
  };
}

function describeStream(group: StoredLogGroup, stream: StoredLogStream) {
  let first: number | undefined;
  let last: number | undefined;
  for (const event of stream.events) {
    first = first === undefined ? event.timestamp : Math.min(first, event.timestamp);
    last = last === undefined ? event.timestamp : Math.max(last, event.timestamp);
  }
  return {
    logStreamName: stream.logStreamName,
    creationTime: stream.creationTime,
    ...(first !== undefined ? { firstEventTimestamp: first } : {}),
    ...(last !== undefined ? { lastEventTimestamp: last } : {}),
    ...(stream.lastIngestionTime !== undefined ? { lastIngestionTime: stream.lastIngestionTime } : {}),
    uploadSequenceToken: String(stream.uploadSequenceToken),
    arn: `arn:aws:logs:us-east-1:123456789012:log-group:${group.logGroupName}:log-stream:${stream.logStreamName}`,
    storedBytes: 0,
  };
}
