import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { startJsonProtocolServer } from '../http/json-protocol-server';
import { SqsApiError } from './sqs-error';
import { sqsOperations } from './sqs-operations';
import type { SqsQueue } from './sqs-queue';

const TARGET_PREFIX = 'AmazonSQS';

/** A fault to inject into upcoming SQS calls, e.g. the next `ReceiveMessage` answers `500 InternalError`. */
export interface SqsFault {
  /** The operation to fail, e.g. `ReceiveMessage`. */
  operation: string;
  /** How many calls fail (default 1). */
  times?: number;
  /** JSON error type (default `InternalError`). */
  type?: string;
  /** HTTP status (default 500). */
  status?: number;
  message?: string;
}

/** A snapshot of one queue, for assertions. */
export interface SqsQueueSnapshot {
  url: string;
  /** Visible now. */
  visible: number;
  /** Received and not yet deleted nor visible again. */
  inFlight: number;
  delayed: number;
  /** Bodies of every message still in the queue, in order. */
  bodies: string[];
}

/** A running local SQS server on 127.0.0.1. */
export interface SqsServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** A client configured for this server (static credentials, `us-east-1`). `overrides` are merged last. */
  client(overrides?: Partial<SQSClientConfig>): SQSClient;
  /** Create a queue (idempotent) and return its URL. */
  createQueue(name: string, attributes?: Record<string, string>): Promise<string>;
  /** The state of a queue, read directly (no request is counted). */
  queue(name: string): SqsQueueSnapshot;
  /** How many calls of `operation` were received. */
  count(operation: string): number;
  /** Forget the recorded calls. */
  resetRequests(): void;
  /** Make upcoming calls of an operation fail. */
  injectFault(fault: SqsFault): void;
  /** Stop listening, end long polls and close connections. */
  stop(): Promise<void>;
}

/** Options of {@link startSqsServer}. */
export interface SqsServerOptions {
  /** Queues to create on start (name → attributes). */
  queues?: Record<string, Record<string, string>>;
}

/**
 * Start a small SQS server speaking the AWS JSON 1.0 protocol as `@aws-sdk/client-sqs` v3 does: standard
 * queues, visibility timeouts with redelivery, a new receipt handle per receive, long polling, batch calls,
 * `ApproximateReceiveCount`, redrive to a dead-letter queue and `MD5OfBody` as SQS computes it. Request
 * signatures are not checked.
 */
export async function startSqsServer(options: SqsServerOptions = {}): Promise<SqsServer> {
  const queues = new Map<string, SqsQueue>();
  const calls = new Map<string, number>();
  const faults: Array<SqsFault & { remaining: number }> = [];
  let stopped = false;
  const state = { endpoint: '', queues, isStopped: () => stopped };
  const operations = sqsOperations(state);

  const server = await startJsonProtocolServer({
    version: '1.0',
    targetPrefix: TARGET_PREFIX,
    errorNamespace: 'com.amazonaws.sqs',
    operations,
    onTarget: (name) => calls.set(name, (calls.get(name) ?? 0) + 1),
    beforeOperation(name) {
      const faultIndex = faults.findIndex((fault) => fault.operation === name);
      const fault = faults[faultIndex];
      if (!fault) return;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults.splice(faultIndex, 1);
      throw new SqsApiError(fault.type ?? 'InternalError', fault.message ?? 'Injected fault.', {
        status: fault.status ?? 500,
      });
    },
    errors: {
      badTarget: () =>
        new SqsApiError('InvalidAction', `expected POST with X-Amz-Target ${TARGET_PREFIX}.<Op>`),
      unknownOperation: (name) =>
        new SqsApiError('InvalidAction', `The action ${name} is not valid for this endpoint.`),
      badBody: () => new SqsApiError('SerializationException', 'Request body is not a JSON object.'),
      internal: (error) => new SqsApiError('InternalError', String(error), { status: 500 }),
    },
  });
  const { endpoint } = server;
  state.endpoint = endpoint;
  for (const [name, attributes] of Object.entries(options.queues ?? {})) {
    await operations.CreateQueue!({ QueueName: name, Attributes: attributes }, new AbortController().signal);
  }
  const clients: SQSClient[] = [];

  const client = (overrides: Partial<SQSClientConfig> = {}): SQSClient => {
    const created = new SQSClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      ...overrides,
    });
    clients.push(created);
    return created;
  };

  return {
    endpoint,
    client,
    async createQueue(name, attributes = {}) {
      const output = (await operations.CreateQueue!(
        { QueueName: name, Attributes: attributes },
        new AbortController().signal,
      )) as { QueueUrl: string };
      return output.QueueUrl;
    },
    queue(name) {
      const queue = queues.get(name);
      if (!queue) throw new Error(`no queue named ${name}`);
      const counts = queue.counts();
      return {
        url: queue.url,
        visible: counts.visible,
        inFlight: counts.inFlight,
        delayed: counts.delayed,
        bodies: queue.messages.map((message) => message.body),
      };
    },
    count: (operation) => calls.get(operation) ?? 0,
    resetRequests() {
      calls.clear();
    },
    injectFault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    async stop() {
      stopped = true;
      for (const created of clients) created.destroy();
      await server.stop();
    },
  };
}
