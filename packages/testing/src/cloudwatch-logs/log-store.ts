/** One stored log event. */
export interface StoredLogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
  /** Global ingestion order, used to order events with equal timestamps. */
  sequence: number;
}

/** One stored log stream. */
export interface StoredLogStream {
  logStreamName: string;
  creationTime: number;
  events: StoredLogEvent[];
  lastIngestionTime?: number;
  uploadSequenceToken: number;
}

/** One stored log group. */
export interface StoredLogGroup {
  logGroupName: string;
  creationTime: number;
  streams: Map<string, StoredLogStream>;
}

/**
 * The in-memory state of the local CloudWatch Logs server: groups, streams and events in ingestion order.
 * Event ids are 56-digit decimal strings like CloudWatch Logs' own, unique per server.
 */
export class LogStore {
  readonly groups = new Map<string, StoredLogGroup>();
  #sequence = 0;

  createGroup(logGroupName: string): StoredLogGroup {
    const group: StoredLogGroup = { logGroupName, creationTime: Date.now(), streams: new Map() };
    this.groups.set(logGroupName, group);
    return group;
  }

  createStream(group: StoredLogGroup, logStreamName: string): StoredLogStream {
    const stream: StoredLogStream = {
      logStreamName,
      creationTime: Date.now(),
      events: [],
      uploadSequenceToken: 1,
    };
    group.streams.set(logStreamName, stream);
    return stream;
  }

  /** Append events (already validated) to a stream; returns the stored events. */
  append(stream: StoredLogStream, events: ReadonlyArray<{ timestamp: number; message: string }>) {
    const ingestionTime = Date.now();
    const stored = events.map((event) => {
      this.#sequence += 1;
      const item: StoredLogEvent = {
        logStreamName: stream.logStreamName,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime,
        eventId: makeEventId(event.timestamp, this.#sequence),
        sequence: this.#sequence,
      };
      stream.events.push(item);
      return item;
    });
    stream.lastIngestionTime = ingestionTime;
    stream.uploadSequenceToken += 1;
    return stored;
  }
}

function makeEventId(timestamp: number, sequence: number): string {
  return String(timestamp).padStart(20, '0') + String(sequence).padStart(36, '0');
}

/** Orders events as FilterLogEvents returns them: by timestamp, then by ingestion order. */
export function compareLogEvents(a: StoredLogEvent, b: StoredLogEvent): number {
  return a.timestamp - b.timestamp || a.sequence - b.sequence;
}
