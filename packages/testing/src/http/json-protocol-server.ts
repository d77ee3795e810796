import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An error a handler throws to answer with an AWS JSON 1.1 error body:
 * `{"__type": "<namespace>#<type>", "message": "..."}` and the given HTTP status.
 */
export class AwsJsonError extends Error {
  /** The error shape name, e.g. `ResourceNotFoundException`. */
  readonly type: string;
  /** HTTP status code (400 for client errors and throttling, 500 for internal errors). */
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = 'AwsJsonError';
    this.type = type;
    this.status = status;
  }
}

/** One operation handler: the parsed JSON request body in, the JSON response body out. */
export type JsonOperationHandler = (input: Record<string, unknown>) => unknown | Promise<unknown>;

/** Options of {@link startJsonProtocolServer}. */
export interface JsonProtocolServerOptions {
  /** The `X-Amz-Target` prefix, e.g. `Logs_20140328` or `AmazonAthena`. */
  targetPrefix: string;
  /** The namespace put before `#` in error `__type` values, e.g. `com.amazonaws.logs`. */
  errorNamespace: string;
  /** Operation name (the part after the dot in `X-Amz-Target`) → handler. */
  operations: Record<string, JsonOperationHandler>;
  /**
   * Called before each operation; may throw an {@link AwsJsonError} (used for throttling injection).
   * Receives the operation name.
   */
  beforeOperation?: (operation: string) => void;
  /** Called with every well-formed request, before `beforeOperation` (used to record requests). */
  onRequest?: (operation: string, input: Record<string, unknown>) => void;
}

/** A running AWS JSON 1.1 protocol server on 127.0.0.1. */
export interface JsonProtocolServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Stop listening and close open connections. */
  stop(): Promise<void>;
}

/**
 * Start a small AWS JSON 1.1 protocol server (`POST /` with `X-Amz-Target: <prefix>.<Operation>` and
 * `Content-Type: application/x-amz-json-1.1`) on 127.0.0.1 and a random port. Request signatures are not
 * checked: any credentials work.
 */
export async function startJsonProtocolServer(
  options: JsonProtocolServerOptions,
): Promise<JsonProtocolServer> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      sendError(res, options.errorNamespace, new AwsJsonError('InternalFailure', String(error), 500));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(options: JsonProtocolServerOptions, req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  const namespace = options.errorNamespace;
  if (req.method !== 'POST') {
    return sendError(
      res,
      namespace,
      new AwsJsonError('UnknownOperationException', 'only POST is supported', 404),
    );
  }
  const target = req.headers['x-amz-target'];
  const prefix = `${options.targetPrefix}.`;
  if (typeof target !== 'string' || !target.startsWith(prefix)) {
    return sendError(
      res,
      namespace,
      new AwsJsonError('UnknownOperationException', `missing or foreign X-Amz-Target: ${target}`),
    );
  }
  const operation = target.slice(prefix.length);
  const handler = options.operations[operation];
  if (!handler) {
    return sendError(
      res,
      namespace,
      new AwsJsonError('UnknownOperationException', `not implemented: ${operation}`),
    );
  }
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = body.length === 0 ? {} : JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    input = parsed as Record<string, unknown>;
  } catch {
    return sendError(
      res,
      namespace,
      new AwsJsonError('SerializationException', 'request body is not a JSON object'),
    );
  }
  try {
    options.onRequest?.(operation, input);
    options.beforeOperation?.(operation);
    const output = await handler(input);
    const text = JSON.stringify(output ?? {});
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': crypto.randomUUID(),
    });
    res.end(text);
  } catch (error) {
    if (error instanceof AwsJsonError) return sendError(res, namespace, error);
    throw error;
  }
}

function sendError(res: ServerResponse, namespace: string, error: AwsJsonError) {
  const text = JSON.stringify({ __type: `${namespace}#${error.type}`, message: error.message });
  res.writeHead(error.status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    'x-amzn-errortype': error.type,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Read a required string member of a request, or throw `InvalidParameterException`. */
export function requireString(input: Record<string, unknown>, member: string, errorType: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsJsonError(
      errorType,
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** A counter of upcoming calls to fail, shared by the servers' throttling injection. */
export class FailureBudget {
  #remaining = 0;
  #operations: Set<string> | undefined;

  /** Make the next `count` calls (optionally only of the given operations) fail. */
  arm(count: number, operations?: readonly string[]): void {
    this.#remaining = count;
    this.#operations = operations ? new Set(operations) : undefined;
  }

  /** True (and one less remaining) when this call must fail. */
  take(operation: string): boolean {
    if (this.#remaining <= 0) return false;
    if (this.#operations && !this.#operations.has(operation)) return false;
    this.#remaining -= 1;
    return true;
  }
}
