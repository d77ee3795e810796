/**
 * Issue 13: a receiver that echoes the request (headers, URL, body) back in its error answer must not get
 * the API key, the query token, the userinfo or the signing secret into errors, logs or the dead letter.
 */
import { inspect } from 'node:util';
import { type HttpReceiver, startHttpReceiver } from '@trailkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookSink } from '../src/index';
import { collectingLog, memoryDeadLetter, runInto } from '@trailkit/testing';

const API_KEY = 'APIKEY-7f3c9e51-leak';
const QUERY_TOKEN = 'qTok3n-5b1d2e';
const PASSWORD = 'hunter2pass';
const SECRET = 'whsec_7c1f0b2e_do_not_log';
const SECRETS = [API_KEY, QUERY_TOKEN, PASSWORD, SECRET, Buffer.from(`bob:${PASSWORD}`).toString('base64')];

let receiver: HttpReceiver | undefined;
afterEach(async () => receiver?.close());

describe('webhook errors and logs never carry secrets', () => {
  it('a receiver echoing the request in a 400 and a 503 answer', async () => {
    receiver = await startHttpReceiver((req, i, res) => {
      res.statusCode = i === 0 ? 503 : 400;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: 'echo', url: req.url, headers: req.headers, body: req.body }));
    });
    const sinkLog = collectingLog();
    const runLog = collectingLog();
    const deadLetter = memoryDeadLetter();
    const url = `${receiver.url.replace('http://', `http://bob:${PASSWORD}@`)}?token=${QUERY_TOKEN}`;
    const sink = webhookSink({ url, secret: SECRET, headers: { 'x-api-key': API_KEY }, log: sinkLog });
    const { summary } = await runInto(sink, [{ eventID: 'a' }], { deadLetter, log: runLog });

    // The receiver did get the secrets (so the echo holds them)...
    expect(receiver.received).toHaveLength(2);
    const echoed = JSON.stringify(receiver.received);
    for (const s of [API_KEY, QUERY_TOKEN]) expect(echoed).toContain(s);
    // ...and nothing we print does.
    expect(summary.sinks[0]).toMatchObject({ deadLettered: 1 });
    const again = webhookSink({ url, secret: SECRET, headers: { 'x-api-key': API_KEY }, log: sinkLog });
    const direct = await again
      .write([{ eventID: 'b' }], { signal: new AbortController().signal })
      .catch((e) => e);
    const printed = [
      String(direct),
      inspect(direct, { depth: 10 }),
      JSON.stringify(direct),
      JSON.stringify(sinkLog.lines),
      JSON.stringify(runLog.lines),
      JSON.stringify(deadLetter.records),
    ];
    for (const text of printed) for (const s of SECRETS) expect(text).not.toContain(s);
    // The excerpt is short and still useful.
    expect(direct.cause.responseExcerpt.length).toBeLessThanOrEqual(201);
    expect(String(direct)).toContain('token=***');
    expect(String(direct)).toContain('HTTP 400');
  });
});
