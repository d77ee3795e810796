import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as an {@link HttpReceiver} saw it. */
export interface ReceivedHttpRequest {
  /** Server-side arrival time (ms since epoch, taken when the body was fully read). */
  at: number;
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Request target as sent: path and query, e.g. `/hook?token=abc`. */
  url: string;
  /** Request headers (lower-case names, as `node:http` gives them). */
  headers: IncomingMessage['headers'];
  /** The whole body, decoded as UTF-8. */
  body: string;
}

/**
 * Decides the response to one request: set the status and headers on `res` and end it. May be async (to delay
 * or hold the answer). `index` is the request's position in {@link HttpReceiver.received}. If it throws or
 * rejects, the request is answered with status 599 and the error's text.
 */
export type HttpResponder = (
  req: ReceivedHttpRequest,
  index: number,
  res: ServerResponse,
) => void | Promise<void>;

/** A real `node:http` server on 127.0.0.1 (random port) that records every request; see {@link startHttpReceiver}. */
export interface HttpReceiver {
  /** `http://127.0.0.1:<port>/hook`: a URL to hand to the code under test (any path is accepted). */
  url: string;
  /** `http://127.0.0.1:<port>`, without a path. */
  origin: string;
  /** The port the server listens on. */
  port: number;
  /** Every request received so far, in arrival order (a live array). */
  received: ReceivedHttpRequest[];
  /** Close open connections and stop the server. */
  close(): Promise<void>;
}

/**
 * Start a local HTTP receiver on 127.0.0.1 and a random port, for testing HTTP sinks (webhooks, Slack, ...)
 * against a real server. Each request is read to the end, recorded in `received`, then answered by `respond`
 * (default: `200 ok`).
 *
 * @example
 * ```ts
 * const receiver = await startHttpReceiver((req, i, res) => {
 *   res.statusCode = i === 0 ? 503 : 200; // fail the first request, accept the pipeline's retry
 *   res.end();
 * });
 * await pipeline().from(source).to(webhookSink({ url: receiver.url })).run({ retry: { baseMs: 1 } });
 * expect(receiver.received).toHaveLength(2);
 * await receiver.close();
 * ```
 */
export async function startHttpReceiver(respond?: HttpResponder): Promise<HttpReceiver> {
  const received: ReceivedHttpRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ReceivedHttpRequest = {
        at: Date.now(),
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = received.length;
      received.push(r);
      const fail = (e: unknown) => {
        res.statusCode = 599;
        res.end(String(e));
      };
      try {
        Promise.resolve(respond ? respond(r, index, res) : res.end('ok')).catch(fail);
      } catch (e) {
        fail(e);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/hook`,
    origin,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A port on 127.0.0.1 that was just free and is now closed: connecting to it is refused. For testing how code
 * handles an endpoint that is down.
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
