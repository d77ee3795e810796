import type { SqsMessageAttributeValue } from './sqs-md5';
import { SqsApiError, sqsErrors } from './sqs-error';
import { SqsQueue, type StoredMessage } from './sqs-queue';

/** The account id in queue URLs and ARNs. */
export const SQS_ACCOUNT_ID = '000000000000';
const REGION = 'us-east-1';
const MAX_BODY_BYTES = 262_144;

type Input = Record<string, unknown>;

/** State shared by the operations of one server. */
export interface SqsState {
  endpoint: string;
  queues: Map<string, SqsQueue>;
  /** Resolves when the server stops (ends long polls). */
  isStopped(): boolean;
}

/** One operation: JSON request in, JSON response out. */
export type SqsOperation = (input: Input, signal: AbortSignal) => Promise<unknown> | unknown;

/** The operations the server implements, by `X-Amz-Target` name (after `AmazonSQS.`). */
export function sqsOperations(state: SqsState): Record<string, SqsOperation> {
  const queueOf = (input: Input): SqsQueue => {
    const url = requireString(input, 'QueueUrl');
    const name = url.replace(/\/+$/, '').split('/').pop() ?? '';
    const queue = state.queues.get(name);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return queue;
  };
  const redrive = (queue: SqsQueue) => (message: StoredMessage) => {
    const arn = queue.deadLetterTargetArn();
    const target = [...state.queues.values()].find((candidate) => candidate.arn === arn);
    target?.send(message.body, 0, message.messageAttributes);
  };

  return {
    CreateQueue(input) {
      const name = requireString(input, 'QueueName');
      if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
        throw sqsErrors.invalidParameterValue(
          'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
        );
      }
      const attributes = stringMap(input.Attributes, 'Attributes');
      const existing = state.queues.get(name);
      if (existing) {
        for (const [key, value] of Object.entries(attributes)) {
          if (existing.attributes[key] !== value) throw sqsErrors.queueNameExists(name);
        }
        return { QueueUrl: existing.url };
      }
      const queue = new SqsQueue(
        name,
        `${state.endpoint}/${SQS_ACCOUNT_ID}/${name}`,
        `arn:aws:sqs:${REGION}:${SQS_ACCOUNT_ID}:${name}`,
        attributes,
      );
      state.queues.set(name, queue);
      return { QueueUrl: queue.url };
    },

    GetQueueUrl(input) {
      const queue = state.queues.get(requireString(input, 'QueueName'));
      if (!queue) throw sqsErrors.queueDoesNotExist();
      return { QueueUrl: queue.url };
    },

    ListQueues(input) {
      const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
      return {
        QueueUrls: [...state.queues.values()].filter((q) => q.name.startsWith(prefix)).map((q) => q.url),
      };
    },

    DeleteQueue(input) {
      state.queues.delete(queueOf(input).name);
      return {};
    },

    PurgeQueue(input) {
      queueOf(input).messages.length = 0;
      return {};
    },

    SetQueueAttributes(input) {
      Object.assign(queueOf(input).attributes, stringMap(input.Attributes, 'Attributes'));
      return {};
    },

    GetQueueAttributes(input) {
      const queue = queueOf(input);
      const names = Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : [];
      const counts = queue.counts();
      const all: Record<string, string> = {
        ...queue.attributes,
        QueueArn: queue.arn,
        ApproximateNumberOfMessages: String(counts.visible),
        ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
        ApproximateNumberOfMessagesDelayed: String(counts.delayed),
        CreatedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
        LastModifiedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
      };
      const wanted = names.includes('All') ? Object.keys(all) : names;
      const Attributes: Record<string, string> = {};
      for (const name of wanted) {
        const value = all[name];
        if (value !== undefined) Attributes[name] = value;
      }
      return Object.keys(Attributes).length > 0 ? { Attributes } : {};
    },

    SendMessage(input) {
      const queue = queueOf(input);
      const body = requireBody(input.MessageBody);
      const message = queue.send(body, delayOf(input.DelaySeconds), attributesOf(input.MessageAttributes));
      return {
        MessageId: message.messageId,
        MD5OfMessageBody: message.md5OfBody,
        ...(message.md5OfMessageAttributes ? { MD5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
      };
    },

    SendMessageBatch(input) {
      const queue = queueOf(input);
      const entries = batchEntries(input.Entries);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of entries) {
        try {
          const body = requireBody(entry.MessageBody);
          const message = queue.send(
            body,
            delayOf(entry.DelaySeconds),
            attributesOf(entry.MessageAttributes),
          );
          Successful.push({
            Id: entry.Id,
            MessageId: message.messageId,
            MD5OfMessageBody: message.md5OfBody,
            ...(message.md5OfMessageAttributes
              ? { MD5OfMessageAttributes: message.md5OfMessageAttributes }
              : {}),
          });
        } catch (error) {
          if (!(error instanceof SqsApiError)) throw error;
          Failed.push({ Id: entry.Id, SenderFault: true, Code: error.queryCode, Message: error.message });
        }
      }
      return { Successful, Failed };
    },

    async ReceiveMessage(input, signal) {
      const queue = queueOf(input);
      const max = integerIn(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 1);
      const visibility = integerIn(
        input.VisibilityTimeout,
        'VisibilityTimeout',
        0,
        43_200,
        Number(queue.attributes.VisibilityTimeout),
      );
      const wait = integerIn(
        input.WaitTimeSeconds,
        'WaitTimeSeconds',
        0,
        20,
        Number(queue.attributes.ReceiveMessageWaitTimeSeconds),
      );
      const deadline = Date.now() + wait * 1000;
      let messages = queue.receive(max, visibility, redrive(queue));
      while (messages.length === 0 && Date.now() < deadline && !signal.aborted && !state.isStopped()) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (queue.hasVisible()) messages = queue.receive(max, visibility, redrive(queue));
      }
      if (messages.length === 0) return {};
      const wanted = new Set([
        ...(Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : []),
        ...(Array.isArray(input.MessageSystemAttributeNames)
          ? (input.MessageSystemAttributeNames as string[])
          : []),
      ]);
      const wantedAttributes = Array.isArray(input.MessageAttributeNames)
        ? (input.MessageAttributeNames as string[])
        : [];
      return { Messages: messages.map((message) => toWire(message, wanted, wantedAttributes)) };
    },

    DeleteMessage(input) {
      const queue = queueOf(input);
      deleteByHandle(queue, requireString(input, 'ReceiptHandle'));
      return {};
    },

    DeleteMessageBatch(input) {
      const queue = queueOf(input);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of batchEntries(input.Entries)) {
        try {
          deleteByHandle(queue, requireString(entry, 'ReceiptHandle'));
          Successful.push({ Id: entry.Id });
        } catch (error) {
          if (!(error instanceof SqsApiError)) throw error;
          Failed.push({ Id: entry.Id, SenderFault: true, Code: error.queryCode, Message: error.message });
        }
      }
      return { Successful, Failed };
    },

    ChangeMessageVisibility(input) {
      const queue = queueOf(input);
      changeVisibility(queue, requireString(input, 'ReceiptHandle'), input.VisibilityTimeout);
      return {};
    },

    ChangeMessageVisibilityBatch(input) {
      const queue = queueOf(input);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of batchEntries(input.Entries)) {
        try {
          changeVisibility(queue, requireString(entry, 'ReceiptHandle'), entry.VisibilityTimeout);
          Successful.push({ Id: entry.Id });
        } catch (error) {
          if (!(error instanceof SqsApiError)) throw error;
          Failed.push({ Id: entry.Id, SenderFault: true, Code: error.queryCode, Message: error.message });
        }
      }
      return { Successful, Failed };
    },
  };
}

function toWire(message: StoredMessage, wanted: Set<string>, wantedAttributes: string[]) {
  const system: Record<string, string> = {
    SenderId: SQS_ACCOUNT_ID,
    SentTimestamp: String(message.sentTimestamp),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
  };
  const Attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(system)) {
    if (wanted.has('All') || wanted.has(name)) Attributes[name] = value;
  }
  const MessageAttributes: Record<string, SqsMessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.messageAttributes ?? {})) {
    const all = wantedAttributes.includes('All') || wantedAttributes.includes('.*');
    if (all || wantedAttributes.includes(name)) MessageAttributes[name] = value;
  }
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(Attributes).length > 0 ? { Attributes } : {}),
    ...(Object.keys(MessageAttributes).length > 0
      ? { MessageAttributes, MD5OfMessageAttributes: message.md5OfMessageAttributes }
      : {}),
  };
}

function deleteByHandle(queue: SqsQueue, handle: string): void {
  if (!isWellFormedHandle(queue, handle)) throw sqsErrors.receiptHandleIsInvalid(handle);
  // As SQS: a stale handle (the message was received again since) succeeds without deleting.
  const message = queue.byReceiptHandle(handle);
  if (message) queue.remove(message);
}

function changeVisibility(queue: SqsQueue, handle: string, timeout: unknown): void {
  const seconds = integerIn(timeout, 'VisibilityTimeout', 0, 43_200, undefined);
  if (!isWellFormedHandle(queue, handle)) throw sqsErrors.receiptHandleIsInvalid(handle);
  const message = queue.byReceiptHandle(handle);
  if (!message || message.visibleAt <= Date.now()) throw sqsErrors.messageNotInflight();
  message.visibleAt = Date.now() + seconds * 1000;
}

function isWellFormedHandle(queue: SqsQueue, handle: string): boolean {
  return handle.startsWith(`${queue.name}:`) && handle.split(':').length === 3;
}

function requireString(input: Input, member: string): string {
  const value = input[member];
  if (value === undefined || value === null || value === '') throw sqsErrors.missingParameter(member);
  if (typeof value !== 'string')
    throw sqsErrors.invalidParameterValue(`Value for parameter ${member} is invalid.`);
  return value;
}

function requireBody(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw sqsErrors.missingParameter('MessageBody');
  if (Buffer.byteLength(value, 'utf8') > MAX_BODY_BYTES) {
    throw sqsErrors.invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_BODY_BYTES} bytes.`,
    );
  }
  return value;
}

function delayOf(value: unknown): number | undefined {
  return value === undefined ? undefined : integerIn(value, 'DelaySeconds', 0, 900, 0);
}

function integerIn(
  value: unknown,
  member: string,
  min: number,
  max: number,
  fallback: number | undefined,
): number {
  if (value === undefined || value === null) {
    if (fallback === undefined) throw sqsErrors.missingParameter(member);
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw sqsErrors.invalidParameterValue(
      `Value ${String(value)} for parameter ${member} is invalid. Reason: Must be between ${min} and ${max}.`,
    );
  }
  return value;
}

function stringMap(value: unknown, member: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw sqsErrors.invalidParameterValue(`Value for parameter ${member} is invalid.`);
  }
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) out[key] = String(entry);
  return out;
}

function attributesOf(value: unknown): Record<string, SqsMessageAttributeValue> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw sqsErrors.invalidParameterValue('Value for parameter MessageAttributes is invalid.');
  }
  return value as Record<string, SqsMessageAttributeValue>;
}

function batchEntries(value: unknown): Input[] {
  const entries = Array.isArray(value) ? (value as Input[]) : [];
  if (entries.length === 0) throw sqsErrors.emptyBatch();
  if (entries.length > 10) throw sqsErrors.tooManyEntries(entries.length);
  const ids = new Set<unknown>();
  for (const entry of entries) {
    if (ids.has(entry.Id)) throw sqsErrors.batchIdsNotDistinct(String(entry.Id));
    ids.add(entry.Id);
  }
  return entries;
}
