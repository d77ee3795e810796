import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An error a handler throws to answer with an AWS JSON error body:
 * `{"__type": "<namespace>#<type>", "message": "..."}`, the given HTTP status and `headers`.
 */
export class AwsJsonError extends Error {
  /** The error shape name, e.g. `ResourceNotFoundException`. */
  readonly type: string;
  /** HTTP status code (400 for client errors and throttling, 500 for internal errors). */
  readonly status: number;
  /** Headers sent with the error (default `x-amzn-errortype: <type>`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(type: string, message: string, status = 400, headers?: Record<string, string>) {
    super(message);
    this.name = 'AwsJsonError';
    this.type = type;
    this.status = status;
    this.headers = headers ?? { 'x-amzn-errortype': type };
  }
}

/**
 * One operation handler: the parsed JSON request body in, the JSON response body out. `signal` aborts when the
 * client closes the connection (for long polls); `headers` are the request's (e.g. `authorization`, whose
 * SigV4 credential scope names the region).
 */
export type JsonOperationHandler = (
  input: Record<string, unknown>,
  signal: AbortSignal,
  headers: IncomingMessage['headers'],
) => unknown | Promise<unknown>;

/** The errors a server answers malformed requests with (each service names them its own way). */
export interface JsonProtocolErrors {
  /** Not a `POST`, or no `X-Amz-Target` with the server's prefix. */
  badTarget(method: string | undefined, target: string | string[] | undefined): AwsJsonError;
  /** An operation the server does not implement. */
  unknownOperation(operation: string): AwsJsonError;
  /** A body that is not a JSON object. */
  badBody(): AwsJsonError;
  /** A handler failed with something other than an {@link AwsJsonError} (a bug in the server). */
  internal(error: unknown): AwsJsonError;
}

const DEFAULT_ERRORS: JsonProtocolErrors = {
  badTarget: (method, target) =>
    method !== 'POST'
      ? new AwsJsonError('UnknownOperationException', 'only POST is supported', 404)
      : new AwsJsonError('UnknownOperationException', `missing or foreign X-Amz-Target: ${target}`),
  unknownOperation: (operation) =>
    new AwsJsonError('UnknownOperationException', `not implemented: ${operation}`),
  badBody: () => new AwsJsonError('SerializationException', 'request body is not a JSON object'),
  internal: (error) => new AwsJsonError('InternalFailure', String(error), 500),
};

/** Options of {@link startJsonProtocolServer}. */
export interface JsonProtocolServerOptions {
  /** AWS JSON protocol version, which sets the `Content-Type` (`application/x-amz-json-1.1` by default). */
  version?: '1.0' | '1.1';
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
  /**
   * Called with the operation name of every `POST` with the right target prefix, before the operation is
   * looked up or the body parsed (used to count calls).
   */
  onTarget?: (operation: string) => void;
  /** Called with every well-formed request, before `beforeOperation` (used to record requests). */
  onRequest?: (operation: string, input: Record<string, unknown>) => void;
  /** The errors for malformed requests (default: `UnknownOperationException`, `SerializationException`, ...). */
  errors?: Partial<JsonProtocolErrors>;
}

/** A running AWS JSON protocol server on 127.0.0.1. */
export interface JsonProtocolServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Stop listening and close open connections. */
  stop(): Promise<void>;
}

/**
 * Start a small AWS JSON 1.0 or 1.1 protocol server (`POST /` with `X-Amz-Target: <prefix>.<Operation>` and
 * `Content-Type: application/x-amz-json-1.x`) on 127.0.0.1 and a random port. Request signatures are not
 * checked: any credentials work.
 */
export async function startJsonProtocolServer(
  options: JsonProtocolServerOptions,
): Promise<JsonProtocolServer> {
  const protocol: Protocol = {
    contentType: `application/x-amz-json-${options.version ?? '1.1'}`,
    namespace: options.errorNamespace,
    errors: { ...DEFAULT_ERRORS, ...options.errors },
  };
  const server = createServer((req, res) => {
    handle(options, protocol, req, res).catch((error: unknown) => {
      sendError(res, protocol, protocol.errors.internal(error));
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

/** What every response of one server shares. */
interface Protocol {
  contentType: string;
  namespace: string;
  errors: JsonProtocolErrors;
}

async function handle(
  options: JsonProtocolServerOptions,
  protocol: Protocol,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const body = await readBody(req);
  const { errors } = protocol;
  const target = req.headers['x-amz-target'];
  const prefix = `${options.targetPrefix}.`;
  if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith(prefix)) {
    return sendError(res, protocol, errors.badTarget(req.method, target));
  }
  const operation = target.slice(prefix.length);
  options.onTarget?.(operation);
  const handler = options.operations[operation];
  if (!handler) return sendError(res, protocol, errors.unknownOperation(operation));
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = body.length === 0 ? {} : JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    input = parsed as Record<string, unknown>;
  } catch {
    return sendError(res, protocol, errors.badBody());
  }
  try {
    options.onRequest?.(operation, input);
    options.beforeOperation?.(operation);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const output = await handler(input, abort.signal, req.headers);
    if (res.destroyed) return;
    const text = JSON.stringify(output ?? {});
    res.writeHead(200, {
      'content-type': protocol.contentType,
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': crypto.randomUUID(),
    });
    res.end(text);
  } catch (error) {
    if (error instanceof AwsJsonError) return sendError(res, protocol, error);
    throw error;
  }
}

function sendError(res: ServerResponse, protocol: Protocol, error: AwsJsonError) {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify({ __type: `${protocol.namespace}#${error.type}`, message: error.message });
  res.writeHead(error.status, {
    'content-type': protocol.contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...error.headers,
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
