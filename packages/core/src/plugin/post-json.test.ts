import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpCallError } from './http-call-error';
import { postJson } from './post-json';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const servers: Array<ReturnType<typeof createServer>> = [];
async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function failure(p: Promise<unknown>): Promise<HttpCallError> {
  try {
    await p;
  } catch (e) {
    if (HttpCallError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected an HttpCallError');
}

describe('postJson', () => {
  it('POSTs JSON once and resolves with the 2xx response', async () => {
    let calls = 0;
    const origin = await serve((req, body, res) => {
      calls++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ got: JSON.parse(body), type: req.headers['content-type'] }));
    });
    const res = await postJson({ url: `${origin}/x`, body: { a: 1 } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ got: { a: 1 }, type: 'application/json' });
    expect(calls).toBe(1);
  });

  it('classifies statuses: 408, 429, 5xx retryable with Retry-After; other 4xx not', async () => {
    for (const [status, retryable] of [
      [400, false],
      [401, false],
      [404, false],
      [408, true],
      [429, true],
      [500, true],
      [503, true],
    ] as const) {
      let calls = 0;
      const origin = await serve((_req, _body, res) => {
        calls++;
        res.statusCode = status;
        res.setHeader('retry-after', '2');
        res.end('nope');
      });
      const e = await failure(postJson({ url: origin, body: '{}' }));
      expect(e).toMatchObject({ code: 'HTTP_STATUS', status, isRetryable: retryable, retryAfterMs: 2000 });
      expect(e.responseExcerpt).toBe('nope');
      expect(calls).toBe(1);
    }
  });

  it('network errors and timeouts are retryable', async () => {
    const origin = await serve(() => undefined); // never answers
    const t = await failure(postJson({ url: origin, body: '{}', timeoutMs: 100 }));
    expect(t).toMatchObject({ code: 'HTTP_TIMEOUT', isRetryable: true });
    const down = await serve(() => undefined);
    servers.at(-1)?.close();
    servers.at(-1)?.closeAllConnections();
    const n = await failure(postJson({ url: down, body: '{}', timeoutMs: 2000 }));
    expect(n).toMatchObject({ code: 'HTTP_NETWORK', isRetryable: true });
  });

  it('rejects with the abort reason when the signal aborts', async () => {
    const origin = await serve(() => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('stop')), 20);
    await expect(postJson({ url: origin, body: '{}', signal: ac.signal })).rejects.toThrow('stop');
  });

  it('never carries secrets from a receiver that echoes the request', async () => {
    const origin = await serve((req, body, res) => {
      res.statusCode = 400;
      res.end(JSON.stringify({ url: req.url, headers: req.headers, body }));
    });
    const e = await failure(
      postJson({
        url: `${origin}/services/T0001/B0002/SlackPathSecret?token=qTok3n`,
        body: { text: 'hi', token: 'xoxb-body-token' },
        headers: { 'x-api-key': 'APIKEY-999', authorization: 'Bearer eyJtoken' },
        secrets: ['xoxb-body-token'],
      }),
    );
    const shown = [String(e), inspect(e, { depth: 10 }), JSON.stringify(e), e.url, e.responseExcerpt ?? ''];
    for (const text of shown)
      for (const s of ['APIKEY-999', 'qTok3n', 'SlackPathSecret', 'eyJtoken', 'xoxb-body-token'])
        expect(text).not.toContain(s);
    expect(e.url).toBe(`${origin}/services/***?token=***`);
    expect((e.responseExcerpt ?? '').length).toBeLessThanOrEqual(201);
  });

  it('builds the error with createError (plugins subclass HttpCallError)', async () => {
    class MyError extends HttpCallError {
      static override readonly kind: string = 'MyError';
    }
    const origin = await serve((_req, _body, res) => {
      res.statusCode = 500;
      res.end();
    });
    const e = await failure(
      postJson({
        url: origin,
        body: '{}',
        label: 'my plugin',
        createError: (init) => new MyError({ ...init, code: `MY_${init.code}` }),
      }),
    );
    expect(e).toBeInstanceOf(MyError);
    expect(e.code).toBe('MY_HTTP_STATUS');
    expect(e.message).toBe('my plugin: HTTP 500');
  });
});
