import { AwsJsonError } from '../http/json-protocol-server';

/**
 * An SQS API error as the JSON 1.0 protocol sends it: `{"__type":"com.amazonaws.sqs#<type>","message"}` with an
 * HTTP status and the `x-amzn-query-error: <query code>;<Sender|Receiver>` header (the SDK reads the query
 * code from it because SQS is "awsQueryCompatible").
 */
export class SqsApiError extends AwsJsonError {
  /** The legacy query code, e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
  readonly queryCode: string;
  readonly fault: 'Sender' | 'Receiver';

  constructor(type: string, message: string, options: { queryCode?: string; status?: number } = {}) {
    const queryCode = options.queryCode ?? type;
    const status = options.status ?? 400;
    const fault = status >= 500 ? 'Receiver' : 'Sender';
    super(type, message, status, { 'x-amzn-query-error': `${queryCode};${fault}` });
    this.name = 'SqsApiError';
    this.queryCode = queryCode;
    this.fault = fault;
  }
}

/** The errors the server raises, with AWS's types, query codes and messages. */
export const sqsErrors = {
  queueDoesNotExist: () =>
    new SqsApiError('QueueDoesNotExist', 'The specified queue does not exist.', {
      queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
    }),
  queueNameExists: (name: string) =>
    new SqsApiError(
      'QueueNameExists',
      `A queue already exists with the same name and a different value for attribute(s): ${name}`,
      {
        queryCode: 'QueueAlreadyExists',
      },
    ),
  receiptHandleIsInvalid: (handle: string) =>
    new SqsApiError(
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
    ),
  messageNotInflight: () =>
    new SqsApiError(
      'MessageNotInflight',
      'Message does not exist or is not available for visibility timeout change.',
      {
        queryCode: 'AWS.SimpleQueueService.MessageNotInflight',
      },
    ),
  invalidParameterValue: (message: string) =>
    new SqsApiError('InvalidParameterValueException', message, { queryCode: 'InvalidParameterValue' }),
  missingParameter: (member: string) =>
    new SqsApiError(
      'MissingRequiredParameterException',
      `The request must contain the parameter ${member}.`,
      {
        queryCode: 'MissingParameter',
      },
    ),
  emptyBatch: () =>
    new SqsApiError('EmptyBatchRequest', 'There should be at least one entry in the request.', {
      queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest',
    }),
  tooManyEntries: (count: number) =>
    new SqsApiError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${count}.`,
      {
        queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      },
    ),
  batchIdsNotDistinct: (id: string) =>
    new SqsApiError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, {
      queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    }),
  unsupportedOperation: (operation: string) =>
    new SqsApiError(
      'UnsupportedOperation',
      `The operation ${operation} is not supported by this local server.`,
      {
        queryCode: 'AWS.SimpleQueueService.UnsupportedOperation',
      },
    ),
} as const;
