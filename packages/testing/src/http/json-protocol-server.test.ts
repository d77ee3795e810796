import { afterEach, describe, expect, it } from 'vitest';
import { AwsJsonError, type JsonProtocolServer, startJsonProtocolServer } from './json-protocol-server';

interface AwsErrorBody {
  __type: string;
  message: string;
}

let server: JsonProtocolServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const call = (target: string | undefined, body: string, method = 'POST') =>
  fetch(server?.endpoint ?? '', {
    method,
    headers: target ? { 'x-amz-target': target } : {},
    ...(method === 'POST' ? { body } : {}),
  });

describe('startJsonProtocolServer', () => {
  it('speaks AWS JSON 1.1 by default: target routing, recorded requests, errors with x-amzn-errortype', async () => {
    const seen: string[] = [];
    server = await startJsonProtocolServer({
      targetPrefix: 'Test_2020',
      errorNamespace: 'com.example',
      onTarget: (operation) => seen.push(`target ${operation}`),
      onRequest: (operation, input) => seen.push(`request ${operation} ${JSON.stringify(input)}`),
      operations: {
        Echo: (input) => ({ echoed: input }),
        Fail: () => {
          throw new AwsJsonError('ResourceNotFoundException', 'gone');
        },
        Crash: () => {
          throw new Error('bug');
        },
      },
    });
    const ok = await call('Test_2020.Echo', '{"a":1}');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await ok.json()).toEqual({ echoed: { a: 1 } });

    const fail = await call('Test_2020.Fail', '');
    expect(fail.status).toBe(400);
    expect(fail.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await fail.json()).toEqual({ __type: 'com.example#ResourceNotFoundException', message: 'gone' });

    const crash = await call('Test_2020.Crash', '{}');
    expect([crash.status, await crash.json()]).toEqual([
      500,
      { __type: 'com.example#InternalFailure', message: 'Error: bug' },
    ]);

    const get = await call('Test_2020.Echo', '', 'GET');
    expect([get.status, await get.json()]).toEqual([
      404,
      { __type: 'com.example#UnknownOperationException', message: 'only POST is supported' },
    ]);
    const foreign = await call('Other.Echo', '{}');
    expect([foreign.status, ((await foreign.json()) as AwsErrorBody).message]).toEqual([
      400,
      'missing or foreign X-Amz-Target: Other.Echo',
    ]);
    const unknown = await call('Test_2020.Nope', '{}');
    expect([unknown.status, ((await unknown.json()) as AwsErrorBody).message]).toEqual([
      400,
      'not implemented: Nope',
    ]);
    const badBody = await call('Test_2020.Echo', 'null');
    expect([badBody.status, await badBody.json()]).toEqual([
      400,
      { __type: 'com.example#SerializationException', message: 'request body is not a JSON object' },
    ]);
    expect(seen).toEqual([
      'target Echo',
      'request Echo {"a":1}',
      'target Fail',
      'request Fail {}',
      'target Crash',
      'request Crash {}',
      'target Nope',
      'target Echo',
    ]);
  });

  it('speaks AWS JSON 1.0 with the service own errors and headers when asked', async () => {
    server = await startJsonProtocolServer({
      version: '1.0',
      targetPrefix: 'Svc',
      errorNamespace: 'com.svc',
      operations: {
        Fail: () => {
          throw new AwsJsonError('Throttled', 'slow down', 400, {
            'x-amzn-query-error': 'Throttling;Sender',
          });
        },
      },
      errors: { unknownOperation: (operation) => new AwsJsonError('InvalidAction', `no ${operation}`) },
    });
    const fail = await call('Svc.Fail', '{}');
    expect(fail.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(fail.headers.get('x-amzn-query-error')).toBe('Throttling;Sender');
    expect(fail.headers.get('x-amzn-errortype')).toBeNull();
    const unknown = await call('Svc.Other', '{}');
    expect(await unknown.json()).toEqual({ __type: 'com.svc#InvalidAction', message: 'no Other' });
    const badBody = await call('Svc.Fail', '[');
    expect(((await badBody.json()) as AwsErrorBody).__type).toBe('com.svc#SerializationException');
  });

  it('aborts the handler signal when the client goes away', async () => {
    let aborted: Promise<void> | undefined;
    server = await startJsonProtocolServer({
      targetPrefix: 'Svc',
      errorNamespace: 'com.svc',
      operations: {
        Wait: (_input, signal) => {
          aborted = new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
          return aborted;
        },
      },
    });
    const client = new AbortController();
    const pending = fetch(server.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'Svc.Wait' },
      body: '{}',
      signal: client.signal,
    }).catch(() => 'cancelled');
    while (!aborted) await new Promise((r) => setTimeout(r, 5));
    client.abort();
    expect(await pending).toBe('cancelled');
    await aborted;
  });
});
