import { gzipSync } from 'node:zlib';

/** What {@link encodeSubscriptionPayload} builds a payload from. */
export interface SubscriptionPayloadInput {
  /** `DATA_MESSAGE` (default) or `CONTROL_MESSAGE`. */
  messageType?: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  owner?: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters?: string[];
  /** Log events; `id` defaults to a 56-digit id, `message` may be a record (serialized as JSON). */
  logEvents: Array<{ id?: string; timestamp: number; message: string | object }>;
}

/**
 * Build a CloudWatch Logs subscription payload as delivered to Lambda (`event.awslogs.data`) and Kinesis:
 * the JSON document, gzip-compressed, base64-encoded.
 */
export function encodeSubscriptionPayload(input: SubscriptionPayloadInput): string {
  const document = {
    messageType: input.messageType ?? 'DATA_MESSAGE',
    owner: input.owner ?? '123456789012',
    logGroup: input.logGroup,
    logStream: input.logStream,
    subscriptionFilters: input.subscriptionFilters ?? ['trailkit-test'],
    logEvents: input.logEvents.map((event, index) => ({
      id: event.id ?? String(event.timestamp).padStart(20, '0') + String(index).padStart(36, '0'),
      timestamp: event.timestamp,
      message: typeof event.message === 'string' ? event.message : JSON.stringify(event.message),
    })),
  };
  return gzipSync(Buffer.from(JSON.stringify(document))).toString('base64');
}
