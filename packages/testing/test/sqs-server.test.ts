import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md5OfMessageAttributes } from '../src/sqs/sqs-md5';
import { type SqsServer, startSqsServer } from '../src/sqs/sqs-server';

let server: SqsServer;
let sqs: SQSClient;

beforeAll(async () => {
  server = await startSqsServer();
  sqs = server.client();
});
afterAll(async () => {
  await server.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startSqsServer with the real @aws-sdk/client-sqs', () => {
  it('creates queues idempotently and resolves their URL by name', async () => {
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'q-create' }));
    expect(created.QueueUrl).toBe(`${server.endpoint}/000000000000/q-create`);
    const again = await sqs.send(new CreateQueueCommand({ QueueName: 'q-create' }));
    expect(again.QueueUrl).toBe(created.QueueUrl);
    const url = await sqs.send(new GetQueueUrlCommand({ QueueName: 'q-create' }));
    expect(url.QueueUrl).toBe(created.QueueUrl);
  });

  it('answers a missing queue with QueueDoesNotExist as the SDK models it', async () => {
    const error = await sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'QueueDoesNotExist', $metadata: { httpStatusCode: 400 } });
    // awsQueryCompatible: the SDK takes the legacy code from x-amzn-query-error
    expect((error as { Code?: string }).Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });

  it('sends and receives with MD5 the SDK validates, new receipt handles per receive, redelivery', async () => {
    const url = await server.createQueue('q-basic');
    const body = 'héllo {"Records":[]} \u{1F600}';
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update(body, 'utf8').digest('hex'));

    const first = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        VisibilityTimeout: 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    expect(first.Messages).toHaveLength(1);
    const message = first.Messages![0]!;
    expect(message.Body).toBe(body);
    expect(message.MessageId).toBe(sent.MessageId);
    expect(message.Attributes?.ApproximateReceiveCount).toBe('1');

    const hidden = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(hidden.Messages ?? []).toHaveLength(0);
    expect(server.queue('q-basic')).toMatchObject({ visible: 0, inFlight: 1 });

    await sleep(1100);
    const second = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['All'] }),
    );
    const again = second.Messages![0]!;
    expect(again.MessageId).toBe(message.MessageId);
    expect(again.ReceiptHandle).not.toBe(message.ReceiptHandle);
    expect(again.Attributes?.ApproximateReceiveCount).toBe('2');

    // the stale handle no longer deletes the message (as SQS); the latest one does
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    expect(server.queue('q-basic').bodies).toEqual([body]);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: again.ReceiptHandle }));
    expect(server.queue('q-basic').bodies).toEqual([]);
  });

  it('long-polls until a message arrives', async () => {
    const url = await server.createQueue('q-long');
    const started = Date.now();
    const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5 }));
    await sleep(300);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'late' }));
    const received = await receiving;
    expect(received.Messages?.[0]?.Body).toBe('late');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('returns no messages after WaitTimeSeconds on an empty queue', async () => {
    const url = await server.createQueue('q-empty');
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    expect(received.Messages ?? []).toEqual([]);
  });

  it('batches sends and deletes, reports bad entries as Failed, honours MaxNumberOfMessages', async () => {
    const url = await server.createQueue('q-batch');
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `body-${i}` })),
      }),
    );
    expect(sent.Successful).toHaveLength(10);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 4 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['body-0', 'body-1', 'body-2', 'body-3']);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          ...received.Messages!.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
          { Id: 'bad', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    expect(deleted.Successful).toHaveLength(4);
    expect(deleted.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid' })]);
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(attributes.Attributes).toEqual({ ApproximateNumberOfMessages: '6' });
  });

  it('rejects MaxNumberOfMessages out of range with InvalidParameterValue', async () => {
    const url = await server.createQueue('q-invalid');
    const error = await sqs
      .send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
    expect((error as { Code?: string }).Code).toBe('InvalidParameterValue');
  });

  it('extends visibility with ChangeMessageVisibility and refuses it once the message is visible', async () => {
    const url = await server.createQueue('q-visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 1 }));
    const handle = received.Messages![0]!.ReceiptHandle!;
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 3 }),
    );
    await sleep(1200);
    expect(server.queue('q-visibility')).toMatchObject({ visible: 0, inFlight: 1 });
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 0 }),
    );
    expect(server.queue('q-visibility')).toMatchObject({ visible: 1, inFlight: 0 });
    const error = await sqs
      .send(
        new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 5 }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MessageNotInflight' });
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    await server.createQueue('q-dlq');
    const url = await server.createQueue('q-redrive', {
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:q-dlq',
        maxReceiveCount: 2,
      }),
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
      expect(r.Messages).toHaveLength(1);
    }
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(third.Messages ?? []).toEqual([]);
    expect(server.queue('q-dlq').bodies).toEqual(['poison']);
  });

  it('carries message attributes with the MD5 SQS computes', async () => {
    const url = await server.createQueue('q-attributes');
    const attributes = {
      kind: { DataType: 'String', StringValue: 'cloudtrail' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
    };
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'a', MessageAttributes: attributes }),
    );
    // Reference value for this exact input from AWS's documented algorithm, computed independently below.
    expect(sent.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({
        blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]).toString('base64') },
        kind: { DataType: 'String', StringValue: 'cloudtrail' },
      }),
    );
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'] }),
    );
    expect(received.Messages?.[0]?.MessageAttributes?.kind?.StringValue).toBe('cloudtrail');
  });

  it('counts calls by operation and injects faults', async () => {
    const url = await server.createQueue('q-faults');
    server.resetRequests();
    server.injectFault({ operation: 'SendMessage', type: 'InternalError', status: 500 });
    const noRetry = server.client({ maxAttempts: 1 });
    const error = await noRetry
      .send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }))
      .catch((e) => e);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 500 } });
    await noRetry.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    expect(server.count('SendMessage')).toBe(2);
  });
});

describe('startSqsServer on the wire (AWS JSON 1.0)', () => {
  const call = (target: string | undefined, body: string, method = 'POST') =>
    fetch(server.endpoint, {
      method,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        ...(target ? { 'x-amz-target': target } : {}),
      },
      ...(method === 'POST' ? { body } : {}),
    });

  it('answers with the JSON 1.0 content type and a request id', async () => {
    const res = await call('AmazonSQS.ListQueues', '{}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toHaveProperty('QueueUrls');
  });

  it('sends errors with x-amzn-query-error (no x-amzn-errortype) and the sqs namespace', async () => {
    const res = await call('AmazonSQS.GetQueueUrl', '{"QueueName":"nope"}');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(res.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(res.headers.get('x-amzn-errortype')).toBeNull();
    expect(await res.json()).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    });
  });

  it('answers malformed calls with InvalidAction or SerializationException, counting known targets', async () => {
    server.resetRequests();
    const unknown = await call('AmazonSQS.TagQueue', '{}');
    expect([unknown.status, unknown.headers.get('x-amzn-query-error')]).toEqual([
      400,
      'InvalidAction;Sender',
    ]);
    expect(await unknown.json()).toEqual({
      __type: 'com.amazonaws.sqs#InvalidAction',
      message: 'The action TagQueue is not valid for this endpoint.',
    });
    expect(server.count('TagQueue')).toBe(1);
    const foreign = await call('Logs_20140328.FilterLogEvents', '{}');
    expect(await foreign.json()).toEqual({
      __type: 'com.amazonaws.sqs#InvalidAction',
      message: 'expected POST with X-Amz-Target AmazonSQS.<Op>',
    });
    const get = await call('AmazonSQS.ListQueues', '', 'GET');
    expect(get.status).toBe(400);
    expect(await get.json()).toMatchObject({ __type: 'com.amazonaws.sqs#InvalidAction' });
    const badBody = await call('AmazonSQS.ListQueues', '[1]');
    expect([badBody.status, await badBody.json()]).toEqual([
      400,
      { __type: 'com.amazonaws.sqs#SerializationException', message: 'Request body is not a JSON object.' },
    ]);
    expect(server.count('ListQueues')).toBe(1);
  });
});

describe('md5OfMessageAttributes', () => {
  it('matches the value AWS documents for a single string attribute', () => {
    // Computed by hand from the algorithm: name, type, transport byte 1, value, each length-prefixed.
    const parts = [
      Buffer.from([0, 0, 0, 4]),
      Buffer.from('name'),
      Buffer.from([0, 0, 0, 6]),
      Buffer.from('String'),
      Buffer.from([1]),
      Buffer.from([0, 0, 0, 5]),
      Buffer.from('value'),
    ];
    const expected = createHash('md5').update(Buffer.concat(parts)).digest('hex');
    expect(md5OfMessageAttributes({ name: { DataType: 'String', StringValue: 'value' } })).toBe(expected);
  });
});
