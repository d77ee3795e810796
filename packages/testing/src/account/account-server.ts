import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A region's opt-in status, as `ListRegions` reports it. */
export type RegionOptStatus = 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED' | 'ENABLED_BY_DEFAULT';

/** A running local AWS Account endpoint. */
export interface AccountServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Every ListRegions request body, in order. */
  readonly listRegionsCalls: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * Start a local AWS Account endpoint (REST-JSON: `POST /listRegions`) on 127.0.0.1 and a random port:
 * `ListRegions` with `RegionOptStatusContains`, `MaxResults` (1–50, default 20) and `NextToken` paging, over
 * the regions given (name → status).
 */
export async function startAccountServer(regions: Record<string, RegionOptStatus>): Promise<AccountServer> {
  const listRegionsCalls: Array<Record<string, unknown>> = [];
  const send = (res: ServerResponse, status: number, body: unknown, type?: string) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...(type ? { 'x-amzn-errortype': type } : {}),
    });
    res.end(text);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/listRegions') {
      return send(res, 404, { message: `no route ${req.method} ${req.url}` }, 'UnknownOperationException');
    }
    let input: Record<string, unknown>;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      input = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      return send(res, 400, { message: 'body is not JSON' }, 'ValidationException');
    }
    listRegionsCalls.push(input);
    const wanted = Array.isArray(input.RegionOptStatusContains)
      ? new Set(input.RegionOptStatusContains as string[])
      : undefined;
    const max = typeof input.MaxResults === 'number' ? input.MaxResults : 20;
    if (!Number.isInteger(max) || max < 1 || max > 50) {
      return send(res, 400, { message: 'MaxResults must be from 1 to 50' }, 'ValidationException');
    }
    const all = Object.entries(regions).filter(([, status]) => !wanted || wanted.has(status));
    const offset = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
    const page = all.slice(offset, offset + max);
    send(res, 200, {
      Regions: page.map(([RegionName, RegionOptStatus]) => ({ RegionName, RegionOptStatus })),
      ...(offset + max < all.length ? { NextToken: String(offset + max) } : {}),
    });
  };
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    listRegionsCalls,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
