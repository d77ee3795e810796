import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, type HttpReceiver, startHttpReceiver } from '../src/http/http-receiver';

let receiver: HttpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('startHttpReceiver', () => {
  it('records each request (method, path and query, headers, body) and answers 200 ok by default', async () => {
    receiver = await startHttpReceiver();
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}/hook`);
    expect(receiver.origin).toBe(`http://127.0.0.1:${receiver.port}`);
    const before = Date.now();
    const res = await fetch(`${receiver.url}?token=t1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: JSON.stringify({ eventID: 'é' }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    await fetch(`${receiver.origin}/other`);
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(first).toMatchObject({ method: 'POST', url: '/hook?token=t1', body: '{"eventID":"é"}' });
    expect(first?.headers['x-api-key']).toBe('k');
    expect(first?.headers['content-type']).toBe('application/json');
    expect(first?.at).toBeGreaterThanOrEqual(before);
    expect(second).toMatchObject({ method: 'GET', url: '/other', body: '' });
  });

  it('answers with the scripted responder, which sees each request and its index', async () => {
    const seen: number[] = [];
    receiver = await startHttpReceiver(async (req, i, res) => {
      seen.push(i);
      await new Promise((r) => setTimeout(r, 5));
      res.statusCode = i === 0 ? 503 : 201;
      res.setHeader('retry-after', '1');
      res.end(`#${i} ${req.body}`);
    });
    const a = await fetch(receiver.url, { method: 'POST', body: 'a' });
    const b = await fetch(receiver.url, { method: 'POST', body: 'b' });
    expect([a.status, a.headers.get('retry-after'), await a.text()]).toEqual([503, '1', '#0 a']);
    expect([b.status, await b.text()]).toEqual([201, '#1 b']);
    expect(seen).toEqual([0, 1]);
  });

  it('answers 599 with the error when the responder throws or rejects', async () => {
    receiver = await startHttpReceiver((_req, i) => {
      if (i === 0) throw new Error('sync boom');
      return Promise.reject(new Error('async boom'));
    });
    const a = await fetch(receiver.url, { method: 'POST', body: 'x' });
    const b = await fetch(receiver.url, { method: 'POST', body: 'y' });
    expect([a.status, await a.text()]).toEqual([599, 'Error: sync boom']);
    expect([b.status, await b.text()]).toEqual([599, 'Error: async boom']);
    expect(receiver.received).toHaveLength(2);
  });

  it('stops listening on close, even with a request still held open', async () => {
    receiver = await startHttpReceiver(() => new Promise<void>(() => undefined));
    const held = fetch(receiver.url, { method: 'POST', body: 'x' }).then(
      () => 'answered',
      () => 'failed',
    );
    while (receiver.received.length === 0) await new Promise((r) => setTimeout(r, 5));
    const { url } = receiver;
    await receiver.close();
    receiver = undefined;
    expect(await held).toBe('failed');
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('closedPort', () => {
  it('gives a port where connections are refused', async () => {
    const port = await closedPort();
    expect(port).toBeGreaterThan(0);
    const error = await fetch(`http://127.0.0.1:${port}/`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });
});
