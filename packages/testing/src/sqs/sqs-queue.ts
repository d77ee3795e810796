import { randomBytes, randomUUID } from 'node:crypto';
import { md5OfBody, md5OfMessageAttributes, type SqsMessageAttributeValue } from './sqs-md5';

/** A message stored in a {@link SqsQueue}. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly messageAttributes: Record<string, SqsMessageAttributeValue> | undefined;
  readonly md5OfMessageAttributes: string | undefined;
  readonly sentTimestamp: number;
  /** Epoch ms from which the message can be received. */
  visibleAt: number;
  receiveCount: number;
  firstReceiveTimestamp: number | undefined;
  /** The receipt handle of the latest receive (older ones no longer delete the message). */
  receiptHandle: string | undefined;
}

/** Queue attributes with defaults as SQS applies them (all values are strings, as in the API). */
export const DEFAULT_QUEUE_ATTRIBUTES: Readonly<Record<string, string>> = {
  VisibilityTimeout: '30',
  DelaySeconds: '0',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
};

/** One standard queue: in-flight tracking, visibility timeouts, receipt handles and redrive. */
export class SqsQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly attributes: Record<string, string>;
  readonly createdTimestamp = Date.now();
  readonly messages: StoredMessage[] = [];

  constructor(name: string, url: string, arn: string, attributes: Record<string, string>) {
    this.name = name;
    this.url = url;
    this.arn = arn;
    this.attributes = { ...DEFAULT_QUEUE_ATTRIBUTES, ...attributes };
  }

  /** Add a message; it becomes visible after `delaySeconds` (default: the queue's `DelaySeconds`). */
  send(body: string, delaySeconds?: number, messageAttributes?: Record<string, SqsMessageAttributeValue>) {
    const now = Date.now();
    const delay = delaySeconds ?? Number(this.attributes.DelaySeconds);
    const hasAttributes = messageAttributes !== undefined && Object.keys(messageAttributes).length > 0;
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: md5OfBody(body),
      messageAttributes: hasAttributes ? messageAttributes : undefined,
      md5OfMessageAttributes: hasAttributes ? md5OfMessageAttributes(messageAttributes) : undefined,
      sentTimestamp: now,
      visibleAt: now + delay * 1000,
      receiveCount: 0,
      firstReceiveTimestamp: undefined,
      receiptHandle: undefined,
    };
    this.messages.push(message);
    return message;
  }

  /**
   * Take up to `max` visible messages, hide them for `visibilityTimeout` seconds and give each a new receipt
   * handle. `redrive` is called for a message that exceeded the queue's `maxReceiveCount` instead.
   */
  receive(
    max: number,
    visibilityTimeout: number,
    redrive?: (message: StoredMessage) => void,
  ): StoredMessage[] {
    const now = Date.now();
    const taken: StoredMessage[] = [];
    const maxReceiveCount = this.maxReceiveCount();
    for (const message of [...this.messages]) {
      if (taken.length >= max) break;
      if (message.visibleAt > now) continue;
      if (redrive && maxReceiveCount !== undefined && message.receiveCount >= maxReceiveCount) {
        this.remove(message);
        redrive(message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.visibleAt = now + visibilityTimeout * 1000;
      message.receiptHandle = `${this.name}:${message.messageId}:${randomBytes(24).toString('base64url')}`;
      taken.push(message);
    }
    return taken;
  }

  /** The message a receipt handle names, only while it is that message's latest handle. */
  byReceiptHandle(handle: string): StoredMessage | undefined {
    return this.messages.find((message) => message.receiptHandle === handle);
  }

  /** True when some message is visible now. */
  hasVisible(): boolean {
    const now = Date.now();
    return this.messages.some((message) => message.visibleAt <= now);
  }

  remove(message: StoredMessage): void {
    const index = this.messages.indexOf(message);
    if (index !== -1) this.messages.splice(index, 1);
  }

  /** The approximate counts GetQueueAttributes reports. */
  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = Date.now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const message of this.messages) {
      if (message.visibleAt <= now) visible += 1;
      else if (message.receiveCount > 0) inFlight += 1;
      else delayed += 1;
    }
    return { visible, inFlight, delayed };
  }

  /** The dead-letter target ARN of the queue's `RedrivePolicy`, when set. */
  deadLetterTargetArn(): string | undefined {
    return this.redrivePolicy()?.deadLetterTargetArn;
  }

  private maxReceiveCount(): number | undefined {
    const count = this.redrivePolicy()?.maxReceiveCount;
    return count === undefined ? undefined : Number(count);
  }

  private redrivePolicy(): { deadLetterTargetArn?: string; maxReceiveCount?: number | string } | undefined {
    const text = this.attributes.RedrivePolicy;
    if (!text) return undefined;
    return JSON.parse(text) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
  }
}
