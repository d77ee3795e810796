import { inspect } from 'node:util';
import { type Finding, SinkError, type TrailEvent } from '@trailkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature, WebhookDeliveryError, WebhookError, webhookSink } from '../src/index';
import { findingFor, invictus, stratus } from './fixtures';
import { collectingLog, fastRetry, memoryDeadLetter, runInto } from '@trailkit/testing';
import { closedPort, type HttpReceiver, startHttpReceiver } from '@trailkit/testing';

const SECRET = 'whsec_7c1f0b2e_do_not_log';
const ctx = () => ({ signal: new AbortController().signal });

let receivers: HttpReceiver[] = [];
async function receiver(...args: Parameters<typeof startHttpReceiver>): Promise<HttpReceiver> {
  const r = await startHttpReceiver(...args);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

/** The sink's error inside a failed run's `SinkError`. */
function sinkCause(e: unknown): unknown {
  expect(SinkError.isInstance(e)).toBe(true);
  return (e as SinkError).cause;
}

describe('webhookSink against a local receiver', () => {
  it('POSTs real events and findings as signed JSON the receiver can verify', async () => {
    const events = invictus('218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json');
    const findings = stratus('aws.defense-evasion.cloudtrail-stop').map((e) =>
      findingFor(e, 'threats.cloudtrail-stopped'),
    );
    const items: Array<TrailEvent | Finding> = [...events, ...findings];
    const verified: boolean[] = [];
    const r = await receiver((req, _i, res) => {
      verified.push(
        verifySignature({
          body: req.body,
          header: req.headers['x-trailkit-signature'] as string,
          secret: SECRET,
        }),
      );
      res.end('ok');
    });
    const sink = webhookSink({ url: r.url, secret: SECRET, headers: { 'X-Api-Key': 'k' } });
    await sink.write(items, ctx());

    expect(r.received).toHaveLength(1);
    const [req] = r.received;
    expect(req?.method).toBe('POST');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['x-api-key']).toBe('k');
    expect(verified).toEqual([true]);
    const body = JSON.parse(req!.body);
    expect(body.count).toBe(items.length);
    expect(body.items).toEqual(JSON.parse(JSON.stringify(items)));
    expect(body.items.filter((x: { kind?: string }) => x.kind === 'finding')).toHaveLength(findings.length);
    expect(req?.headers['idempotency-key']).toBe(body.batchId);
    expect(Date.parse(body.sentAt)).not.toBeNaN();
    // The same signature with another secret, or over a modified body, does not verify.
    const header = req!.headers['x-trailkit-signature'] as string;
    expect(verifySignature({ body: req!.body, header, secret: 'wrong' })).toBe(false);
    expect(verifySignature({ body: `${req!.body} `, header, secret: SECRET })).toBe(false);
  });

  it('splits a large real log file by batchSize and by maxBytes, in order', async () => {
    const events = invictus('218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json');
    expect(events).toHaveLength(394);
    const r = await receiver();
    await webhookSink({ url: r.url, batchSize: 100 }).write(events, ctx());
    expect(r.received.map((q) => JSON.parse(q.body).count)).toEqual([100, 100, 100, 94]);
    const eventIds = r.received.flatMap((q) => JSON.parse(q.body).items.map((e: TrailEvent) => e.eventID));
    expect(eventIds).toEqual(events.map((e) => e.eventID));
    expect(new Set(r.received.map((q) => q.headers['idempotency-key'])).size).toBe(4);

    const r2 = await receiver();
    await webhookSink({ url: r2.url, maxBytes: 64 * 1024 }).write(events, ctx());
    expect(r2.received.length).toBeGreaterThan(1);
    for (const q of r2.received) expect(Buffer.byteLength(q.body)).toBeLessThanOrEqual(64 * 1024);
    expect(r2.received.reduce((n, q) => n + JSON.parse(q.body).count, 0)).toBe(394);
  });

  // The sink makes one attempt per request; the pipeline retries (one owner). These tests used to call
  // `write` with the sink's own `retries`; they now run the sink in a pipeline with `run({ retry })`.
  it('a 500 is retried by the pipeline and then succeeds, with the same idempotency key and body', async () => {
    const r = await receiver((_req, i, res) => {
      res.statusCode = i === 0 ? 500 : 200;
      res.end(i === 0 ? 'boom' : 'ok');
    });
    const log = collectingLog();
    const events = stratus('aws.exfiltration.ec2-security-group-open-port-22-ingress');
    const { summary } = await runInto(webhookSink({ url: r.url, secret: SECRET, log }), events);
    expect(r.received).toHaveLength(2);
    expect(r.received[0]?.headers['idempotency-key']).toBe(r.received[1]?.headers['idempotency-key']);
    expect(r.received[0]?.body).toBe(r.received[1]?.body);
    expect(log.lines[0]?.[1]).toMatchObject({ attempt: 1, status: 500, code: 'WEBHOOK_HTTP_STATUS' });
    expect(summary.sinks[0]).toMatchObject({ written: events.length, retried: 1, deadLettered: 0 });
  });

  it('makes one attempt per request: write rejects at once with a classified error', async () => {
    const r = await receiver((_req, _i, res) => {
      res.statusCode = 503;
      res.end();
    });
    const e = await rejection(webhookSink({ url: r.url }).write([{ eventID: 'x' }], ctx()));
    expect(r.received).toHaveLength(1);
    expect(WebhookDeliveryError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({
      code: 'WEBHOOK_DELIVERY_FAILED',
      attempts: 1,
      isRetryable: true,
      delivered: 0,
    });
    expect((e as WebhookDeliveryError).cause).toMatchObject({ code: 'WEBHOOK_HTTP_STATUS', status: 503 });
  });

  it('keeps the idempotency key stable when the pipeline retries the same items', async () => {
    const r = await receiver((_req, i, res) => {
      res.statusCode = i === 0 ? 503 : 200;
      res.end();
    });
    const events = stratus('aws.defense-evasion.cloudtrail-delete');
    const sink = webhookSink({ url: r.url });
    await expect(sink.write(events, ctx())).rejects.toThrow(/HTTP 503/);
    await sink.write(events, ctx());
    expect(r.received).toHaveLength(2);
    expect(r.received[0]?.headers['idempotency-key']).toBe(r.received[1]?.headers['idempotency-key']);
  });

  it('the pipeline honours 429 Retry-After in seconds (server-side arrival times)', async () => {
    const r = await receiver((_req, i, res) => {
      if (i === 0) {
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
      }
      res.end();
    });
    await runInto(webhookSink({ url: r.url }), stratus('aws.defense-evasion.cloudtrail-stop'), {
      retry: { ...fastRetry, maxMs: 5000 },
    });
    expect(r.received).toHaveLength(2);
    const gap = r.received[1]!.at - r.received[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(gap).toBeLessThan(5000);
  });

  it('the pipeline honours 429 Retry-After as an HTTP date', async () => {
    const r = await receiver((_req, i, res) => {
      if (i === 0) {
        res.statusCode = 429;
        res.setHeader('retry-after', new Date(Date.now() + 2000).toUTCString());
      }
      res.end();
    });
    await runInto(webhookSink({ url: r.url }), stratus('aws.defense-evasion.cloudtrail-stop'), {
      retry: { ...fastRetry, maxMs: 5000 },
    });
    expect(r.received).toHaveLength(2);
    // An HTTP date has one-second resolution: the wait is between 1 and 2 seconds.
    expect(r.received[1]!.at - r.received[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it("waits at most the run's retry.maxMs when Retry-After asks for more", async () => {
    const r = await receiver((_req, i, res) => {
      res.statusCode = i === 0 ? 429 : 200;
      res.setHeader('retry-after', '3600');
      res.end();
    });
    const started = Date.now();
    const { summary } = await runInto(webhookSink({ url: r.url }), [{ eventID: 'x' }], {
      retry: { ...fastRetry, maxMs: 50 },
    });
    expect(r.received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(summary.sinks[0]).toMatchObject({ written: 1, retried: 1 });
  });

  it('never retries a 4xx other than 408 and 429', async () => {
    for (const [status, expected] of [
      [400, 1],
      [401, 1],
      [404, 1],
      [413, 1],
      [408, 3],
      [502, 3],
    ] as const) {
      const r = await receiver((_req, _i, res) => {
        res.statusCode = status;
        res.end('nope');
      });
      const { error } = await runInto(webhookSink({ url: r.url }), [{ eventID: 'x' }], {
        retry: { ...fastRetry, attempts: 3 },
      });
      expect(r.received, `status ${status}`).toHaveLength(expected);
      // The run's SinkError carries the failed request's own error (also what the dead letter records).
      const cause = sinkCause(error);
      expect(WebhookError.isInstance(cause) && cause.status).toBe(status);
      expect((error as SinkError).attempts).toBe(expected);
    }
  });

  it('times out a silent receiver, the pipeline retries, and it succeeds when it answers', async () => {
    const r = await receiver(async (_req, i, res) => {
      if (i === 0) return; // never answers
      res.end('ok');
    });
    const log = collectingLog();
    await runInto(webhookSink({ url: r.url, timeoutMs: 200, log }), [{ eventID: 'a' }]);
    expect(r.received).toHaveLength(2);
    expect(log.lines[0]?.[1]).toMatchObject({ code: 'WEBHOOK_TIMEOUT' });
  });

  it('fails with WEBHOOK_TIMEOUT when every attempt times out', async () => {
    const r = await receiver(() => undefined);
    const { error } = await runInto(webhookSink({ url: r.url, timeoutMs: 100 }), [{ eventID: 'a' }], {
      retry: { ...fastRetry, attempts: 2 },
    });
    expect(r.received).toHaveLength(2);
    expect(sinkCause(error)).toMatchObject({ code: 'WEBHOOK_TIMEOUT', isRetryable: true });
  });

  it('connection refused is retried by the pipeline, then fails with WEBHOOK_NETWORK', async () => {
    const port = await closedPort();
    const { error } = await runInto(
      webhookSink({ url: `http://127.0.0.1:${port}/hook` }),
      [{ eventID: 'a' }],
      {
        retry: { ...fastRetry, attempts: 3 },
      },
    );
    expect((error as SinkError).attempts).toBe(3);
    expect(sinkCause(error)).toMatchObject({ code: 'WEBHOOK_NETWORK' });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('applies backpressure: write resolves only after the receiver answered', async () => {
    let resolved = false;
    const resolvedWhenReceived: boolean[] = [];
    const r = await receiver(async (_req, _i, res) => {
      resolvedWhenReceived.push(resolved);
      await new Promise((ok) => setTimeout(ok, 150));
      resolvedWhenReceived.push(resolved);
      res.end('ok');
    });
    const events = stratus('aws.persistence.iam-create-admin-user');
    const p = webhookSink({ url: r.url, batchSize: 2 })
      .write(events, ctx())
      .then(() => {
        resolved = true;
      });
    await p;
    expect(resolved).toBe(true);
    expect(r.received.length).toBe(Math.ceil(events.length / 2));
    expect(resolvedWhenReceived.every((x) => x === false)).toBe(true);
    // Requests were sent one after another: each arrived after the previous one was answered.
    for (let i = 1; i < r.received.length; i++)
      expect(r.received[i]!.at - r.received[i - 1]!.at).toBeGreaterThanOrEqual(140);
  });

  it("a request that still fails goes to the run's dead letter; the other requests are delivered", async () => {
    const r = await receiver((req, _i, res) => {
      const first = JSON.parse(req.body).items[0].eventID;
      res.statusCode = first === 'bad' ? 500 : 200;
      res.end();
    });
    const deadLetter = memoryDeadLetter();
    const log = collectingLog();
    const items = [{ eventID: 'ok1' }, { eventID: 'bad' }, { eventID: 'ok2' }];
    const { summary } = await runInto(webhookSink({ url: r.url, batchSize: 1, log }), items, {
      retry: { ...fastRetry, attempts: 2 },
      deadLetter,
    });
    expect(deadLetter.records.map((d) => d.item)).toEqual([{ eventID: 'bad' }]);
    expect(deadLetter.records[0]).toMatchObject({ kind: 'dead-letter', attempts: 2 });
    // The sink goes on after the failed request; the pipeline retries only that one.
    expect(r.received.map((q) => JSON.parse(q.body).items[0].eventID)).toEqual(['ok1', 'bad', 'ok2', 'bad']);
    expect(log.lines.map((l) => l[0])).toEqual(['webhook request failed', 'webhook request failed']);
    expect(summary.sinks[0]).toMatchObject({ written: 2, retried: 1, failed: 1, deadLettered: 1 });
  });

  it('the run fails when the dead-letter sink fails too', async () => {
    const r = await receiver((_req, _i, res) => {
      res.statusCode = 500;
      res.end();
    });
    const { error } = await runInto(webhookSink({ url: r.url }), [{ eventID: 'a' }], {
      retry: { ...fastRetry, attempts: 1 },
      deadLetter: {
        name: 'dlq',
        write: async () => {
          throw new Error('disk full');
        },
      },
    });
    expect(SinkError.isInstance(error) && error.sink).toBe('dlq');
    expect(((error as Error).cause as Error).message).toBe('disk full');
  });

  it('never shows secrets in errors or logs (secret, headers, URL userinfo and query)', async () => {
    const secrets = ['whsec_7c1f0b2e_do_not_log', 'hunter2pass', 'qTok3n', 'APIKEY-999'];
    const port = await closedPort();
    const log = collectingLog();
    const e = await rejection(
      webhookSink({
        url: `http://bob:hunter2pass@127.0.0.1:${port}/hook?token=qTok3n`,
        secret: SECRET,
        headers: { 'x-api-key': 'APIKEY-999' },
        log,
      }).write([{ eventID: 'a' }], ctx()),
    );
    const r = await receiver((_req, _i, res) => {
      res.statusCode = 400;
      res.end('bad request');
    });
    const e2 = await rejection(
      webhookSink({
        url: r.url.replace('http://', 'http://bob:hunter2pass@') + '?token=qTok3n',
        secret: SECRET,
        headers: { 'x-api-key': 'APIKEY-999' },
      }).write([{ eventID: 'a' }], ctx()),
    );
    // The userinfo reached the receiver as Basic auth, not in the URL.
    expect(r.received[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('bob:hunter2pass').toString('base64')}`,
    );
    expect(r.received[0]?.url).toBe('/hook?token=qTok3n');
    for (const text of [
      String(e),
      inspect(e, { depth: 10 }),
      JSON.stringify(log.lines),
      String(e2),
      inspect(e2, { depth: 10 }),
    ]) {
      for (const s of secrets) expect(text).not.toContain(s);
    }
    expect(String(e)).toContain('token=***');
  });

  it('a cancelled run stops the retry wait; a cancelled write rejects with the abort reason', async () => {
    const r = await receiver((_req, _i, res) => {
      res.statusCode = 503;
      res.end();
    });
    const ac = new AbortController();
    const run = runInto(webhookSink({ url: r.url }), [{ eventID: 'a' }], {
      retry: { baseMs: 60_000, maxMs: 60_000, jitter: 'none' },
      signal: ac.signal,
    });
    while (r.received.length === 0) await new Promise((ok) => setTimeout(ok, 5));
    ac.abort(new Error('run cancelled'));
    const { summary } = await run;
    expect(summary.aborted).toBe(true);
    expect(r.received).toHaveLength(1);

    const held = await receiver(() => undefined);
    const ac2 = new AbortController();
    const p = webhookSink({ url: held.url }).write([{ eventID: 'a' }], { signal: ac2.signal });
    while (held.received.length === 0) await new Promise((ok) => setTimeout(ok, 5));
    ac2.abort(new Error('write cancelled'));
    await expect(p).rejects.toThrow('write cancelled');
  });
});
