import { AwsJsonError } from '../http/json-protocol-server';
import { compareLogEvents, type StoredLogEvent, type StoredLogGroup } from './log-store';

/** The subset of the FilterLogEvents request the local server evaluates. */
export interface FilterLogEventsInput {
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
  nextToken?: string;
  limit?: number;
}

/** A page of FilterLogEvents results. */
export interface FilterLogEventsPage {
  events: Array<Omit<StoredLogEvent, 'sequence'>>;
  searchedLogStreams: Array<{ logStreamName: string; searchedCompletely: boolean }>;
  nextToken?: string;
}

interface Cursor {
  timestamp: number;
  sequence: number;
}

/**
 * Evaluate FilterLogEvents over a group: events of the chosen streams with `startTime <= timestamp <= endTime`
 * whose message matches the filter pattern, ordered by timestamp then ingestion, paged after the token's
 * cursor (the last event returned). Events ingested later with an earlier timestamp are not seen by a
 * pagination that already passed them, as in CloudWatch Logs.
 */
export function filterLogEvents(
  group: StoredLogGroup,
  input: FilterLogEventsInput,
  matches: (message: string) => boolean,
  pageSize: number,
): FilterLogEventsPage {
  if (input.logStreamNames && input.logStreamNamePrefix) {
    throw new AwsJsonError(
      'InvalidParameterException',
      'logStreamNames and logStreamNamePrefix are mutually exclusive',
    );
  }
  const limit = input.limit ?? 10_000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new AwsJsonError('InvalidParameterException', `limit must be between 1 and 10000, got ${limit}`);
  }
  const cursor = input.nextToken ? decodeToken(input.nextToken) : undefined;
  const streams = [...group.streams.values()].filter((stream) => {
    if (input.logStreamNames) return input.logStreamNames.includes(stream.logStreamName);
    if (input.logStreamNamePrefix) return stream.logStreamName.startsWith(input.logStreamNamePrefix);
    return true;
  });
  if (input.logStreamNames) {
    for (const name of input.logStreamNames) {
      if (!group.streams.has(name)) {
        throw new AwsJsonError('ResourceNotFoundException', 'The specified log stream does not exist.');
      }
    }
  }
  const candidates: StoredLogEvent[] = [];
  for (const stream of streams) {
    for (const event of stream.events) {
      if (input.startTime !== undefined && event.timestamp < input.startTime) continue;
      if (input.endTime !== undefined && event.timestamp > input.endTime) continue;
      if (cursor && compareLogEvents(event, { ...event, ...cursor }) <= 0) continue;
      candidates.push(event);
    }
  }
  candidates.sort(compareLogEvents);
  // Each call scans at most `pageSize` events (CloudWatch Logs bounds the work per call too, so pages
  // can be short or even empty while a nextToken is still returned) and returns at most `limit` events.
  const page: StoredLogEvent[] = [];
  let scanned = 0;
  let last: StoredLogEvent | undefined;
  let more = false;
  for (const event of candidates) {
    if (scanned >= pageSize || page.length >= limit) {
      more = true;
      break;
    }
    scanned += 1;
    last = event;
    if (!input.filterPattern || matches(event.message)) page.push(event);
  }
  return {
    events: page.map(({ sequence: _sequence, ...event }) => event),
    searchedLogStreams: streams.map((stream) => ({
      logStreamName: stream.logStreamName,
      searchedCompletely: !more,
    })),
    ...(more && last
      ? { nextToken: encodeToken({ timestamp: last.timestamp, sequence: last.sequence }) }
      : {}),
  };
}

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeToken(token: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (typeof value.timestamp !== 'number' || typeof value.sequence !== 'number')
      throw new Error('bad token');
    return value;
  } catch {
    throw new AwsJsonError('InvalidParameterException', 'The specified nextToken is invalid.');
  }
}
