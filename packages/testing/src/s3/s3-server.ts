import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { createRequire } from 'node:module';
import { s3CompatibleConfig } from '@trailkit/core/plugin';
import type { S3rverConstructor } from './s3rver-types';
import { classifyS3Request, type S3Operation, type S3RequestInfo } from './s3-operation';

// s3rver is CommonJS without typings: load it through require and type it locally.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/** Credentials s3rver accepts (it checks request signatures against them). */
export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** A fault to inject into upcoming S3 requests, e.g. the next 2 `GetObject` calls answer `503 SlowDown`. */
export interface S3Fault {
  /** The operation to fail. */
  operation: S3Operation;
  /** Only requests for this key (exact string) or keys matching this pattern. */
  key?: string | RegExp;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** HTTP status (default 503). */
  status?: number;
  /** S3 error code in the XML body (default `SlowDown`). */
  code?: string;
  /** Error message (default a message fitting the code). */
  message?: string;
  /**
   * Instead of an error response: serve the real response but cut the connection after this many body bytes
   * (the client sees the headers, part of the body, then a reset). `status` and `code` are ignored.
   */
  truncateAfterBytes?: number;
}

/** One request the server received. */
export interface S3RequestRecord extends S3RequestInfo {
  method: string;
  /** The HTTP status the request was answered with (injected faults included). */
  status: number;
}

/** Options of {@link startS3Server}. */
export interface S3ServerOptions {
  /** Buckets to create before the server starts. */
  buckets?: readonly string[];
  /** Where s3rver keeps objects (default: a new temporary directory, removed on `stop()`). */
  directory?: string;
}

/** A running local S3-compatible server (s3rver, patched) on 127.0.0.1. */
export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** The directory objects are stored in. */
  readonly directory: string;
  /**
   * A client configured for this server: path-style, static credentials, `us-east-1`, checksums only when
   * required (so streamed uploads are stored unframed). `overrides` are merged last.
   */
  client(overrides?: Partial<S3ClientConfig>): S3Client;
  /** Create a bucket. */
  createBucket(name: string): Promise<void>;
  /** Every request received since start (or the last {@link S3Server.resetRequests}), in order. */
  readonly requests: readonly S3RequestRecord[];
  /** How many requests of `operation` were received (optionally only those matching `filter`). */
  count(operation: S3Operation, filter?: (request: S3RequestRecord) => boolean): number;
  /** Forget the recorded requests. */
  resetRequests(): void;
  /** Make upcoming matching requests fail; faults are used in the order they were added. */
  injectFault(fault: S3Fault): void;
  /** Drop faults not used yet. */
  clearFaults(): void;
  /** Stop listening, close connections and remove the temporary directory. */
  stop(): Promise<void>;
}

/**
 * Start s3rver 3.7.1 on 127.0.0.1 and a random port, behind a thin handler that records each request's
 * operation and can inject faults. trailkit patches s3rver's `ListObjectsV2` with a delimiter so that
 * common prefixes whose objects sit two or more levels deeper are listed (CloudTrail's layout needs it).
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'trailkit-s3-')));
  const s3rver = new S3rver({
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const requests: S3RequestRecord[] = [];
  const faults: Array<S3Fault & { remaining: number }> = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const info = classifyS3Request(req.method ?? 'GET', req.url ?? '/', req.headers);
    const record: S3RequestRecord = { ...info, method: req.method ?? 'GET', status: 0 };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    const fault = takeFault(faults, info);
    if (fault?.truncateAfterBytes !== undefined) {
      cutAfter(res, fault.truncateAfterBytes);
      handle(req, res);
      return;
    }
    if (fault) {
      req.resume();
      req.on('end', () => sendS3Error(res, fault, info));
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];

  const client = (overrides: Partial<S3ClientConfig> = {}): S3Client => {
    const created = new S3Client({
      ...s3CompatibleConfig(endpoint),
      credentials: S3_TEST_CREDENTIALS,
      ...overrides,
    });
    clients.push(created);
    return created;
  };
  let admin: S3Client | undefined;

  return {
    endpoint,
    directory,
    client,
    async createBucket(name) {
      admin ??= client();
      await admin.send(new CreateBucketCommand({ Bucket: name }));
    },
    requests,
    count: (operation, filter) =>
      requests.filter((request) => request.operation === operation && (!filter || filter(request))).length,
    resetRequests() {
      requests.length = 0;
    },
    injectFault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    async stop() {
      for (const created of clients) created.destroy();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      s3rver.logger.exceptions.unhandle();
      s3rver.logger.close();
      if (ownDirectory) await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Let `limit` body bytes through, then destroy the connection (headers are sent as they are). */
function cutAfter(res: ServerResponse, limit: number): void {
  let sent = 0;
  let cutting = false;
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const cut = (chunk: unknown, rest: unknown[]): boolean => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return true;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    if (sent + bytes.length <= limit) {
      sent += bytes.length;
      return write(bytes, ...rest);
    }
    if (!cutting) {
      cutting = true;
      write(bytes.subarray(0, limit - sent));
      sent = limit;
      // reset a little later, so the client has the response in hand and fails while reading the body
      const socket = res.socket;
      setTimeout(() => socket?.destroy(), 50);
    }
    return false;
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => cut(chunk, rest)) as typeof res.write;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && typeof chunk !== 'function' && !cut(chunk, [])) return res;
    if (cutting) return res;
    return end(...(typeof chunk === 'function' ? [chunk] : rest));
  }) as typeof res.end;
}

function takeFault(faults: Array<S3Fault & { remaining: number }>, info: S3RequestInfo): S3Fault | undefined {
  const index = faults.findIndex(
    (fault) =>
      fault.operation === info.operation &&
      (fault.key === undefined ||
        (typeof fault.key === 'string' ? fault.key === info.key : fault.key.test(info.key))),
  );
  const fault = faults[index];
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) faults.splice(index, 1);
  return fault;
}

const DEFAULT_MESSAGES: Record<string, string> = {
  SlowDown: 'Please reduce your request rate.',
  InternalError: 'We encountered an internal error. Please try again.',
  ServiceUnavailable: 'Service is unable to handle request.',
  AccessDenied: 'Access Denied',
  NoSuchKey: 'The specified key does not exist.',
};

function sendS3Error(res: ServerResponse, fault: S3Fault, info: S3RequestInfo): void {
  const code = fault.code ?? 'SlowDown';
  const message = fault.message ?? DEFAULT_MESSAGES[code] ?? code;
  const requestId = crypto.randomUUID();
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>` +
    (info.key ? `<Key>${escapeXml(info.key)}</Key>` : '') +
    `<RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(fault.status ?? 503, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  });
  // HEAD responses carry no body; the SDK reads the status alone.
  res.end(info.operation === 'HeadObject' || info.operation === 'HeadBucket' ? undefined : body);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
