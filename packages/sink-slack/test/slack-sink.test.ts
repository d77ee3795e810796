import { inspect } from 'node:util';
import type { HeaderBlock, KnownBlock } from '@slack/types';
import type { Finding, SinkError } from '@trailkit/core';
import { PartialWriteError } from '@trailkit/core/plugin';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackError, slackSink } from '../src/index';
import type { SlackMessage } from '../src/limits';
import { expectWithinLimits } from './expect-limits';
import { allStratus, findingFor, invictus, stratus } from './fixtures';
import { fastRetry, runInto } from '@trailkit/testing';
import { closedPort, type HttpReceiver, startHttpReceiver } from '@trailkit/testing';

const TOKEN = 'xoxb-1234567890-SECRET-TOKEN';
const ctx = () => ({ signal: new AbortController().signal });
const fast = { rateLimitPerSecond: 1000 };
/** The pipeline's retry policy for these tests (the sink makes one attempt per message). */
const retry = { ...fastRetry, maxMs: 5000 };

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

const apiOk = (_req: unknown, _i: number, res: import('node:http').ServerResponse) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ok: true, channel: 'C1', ts: '1.2' }));
};

function sgFinding(): Finding {
  const [e] = stratus('aws.exfiltration.ec2-security-group-open-port-22-ingress');
  return findingFor(e!, 'threats.sg-open-to-world', 'critical', 'Security group opened to the world');
}

describe('slackSink against a local server', () => {
  it('posts a Block Kit message to an incoming webhook', async () => {
    const r = await receiver();
    await slackSink({ webhookUrl: r.url }, fast).write([sgFinding()], ctx());
    expect(r.received).toHaveLength(1);
    const body = JSON.parse(r.received[0]!.body) as SlackMessage;
    expect(r.received[0]?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.received[0]?.headers.authorization).toBeUndefined();
    expectWithinLimits(body);
    expect((body.blocks[0] as HeaderBlock).text.text).toBe(
      ':red_circle: CRITICAL: Security group opened to the world',
    );
    expect(JSON.stringify(body.blocks)).toContain('#/events/9fd68588-ecbf-4528-a345-199fa6bb0821');
  });

  it('calls chat.postMessage with a bearer token and the channel', async () => {
    const r = await receiver(apiOk);
    const apiUrl = r.url.replace('/hook', '/api');
    await slackSink({ token: TOKEN, channel: 'C0SECURITY' }, { ...fast, apiUrl }).write([sgFinding()], ctx());
    expect(r.received[0]?.url).toBe('/api/chat.postMessage');
    expect(r.received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const body = JSON.parse(r.received[0]!.body);
    expect(body.channel).toBe('C0SECURITY');
    expect(body.blocks.length).toBeGreaterThan(0);
  });

  it('fails on { ok: false, error } without retrying, and never shows the token', async () => {
    const r = await receiver((_req, _i, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: false, error: 'channel_not_found' }));
    });
    const e = await rejection(
      slackSink({ token: TOKEN, channel: 'C404' }, { ...fast, apiUrl: r.url }).write([sgFinding()], ctx()),
    );
    expect(SlackError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ code: 'SLACK_API_ERROR', slackError: 'channel_not_found', attempts: 1 });
    expect(r.received).toHaveLength(1);
    expect(inspect(e, { depth: 10 })).not.toContain(TOKEN);
    expect(String(e)).toContain('channel_not_found');
  });

  // The sink makes one attempt per message; the pipeline retries (one owner). The retry tests below used
  // the sink's own `retries`; they now run the sink in a pipeline with `run({ retry })`.
  it('a transient { ok: false, error: "internal_error" } is retried by the pipeline', async () => {
    const r = await receiver((req, i, res) => {
      if (i === 0) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
      } else apiOk(req, i, res);
    });
    const sink = slackSink({ token: TOKEN, channel: 'C1' }, { ...fast, apiUrl: r.url });
    const { summary } = await runInto(sink, [sgFinding()], { retry });
    expect(r.received).toHaveLength(2);
    expect(summary.sinks[0]).toMatchObject({ written: 1, retried: 1 });
  });

  it('the pipeline honours 429 Retry-After (server-side arrival times)', async () => {
    const r = await receiver((_req, i, res) => {
      if (i === 0) {
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
      }
      res.end('ok');
    });
    await runInto(slackSink({ webhookUrl: r.url }, fast), [sgFinding()], { retry });
    expect(r.received).toHaveLength(2);
    expect(r.received[1]!.at - r.received[0]!.at).toBeGreaterThanOrEqual(990);
    expect(r.received[0]?.body).toBe(r.received[1]?.body);
  });

  it('a 500 is retried by the pipeline then succeeds; a webhook 400 invalid_blocks is not retried', async () => {
    const r = await receiver((_req, i, res) => {
      res.statusCode = i === 0 ? 500 : 200;
      res.end(i === 0 ? 'oops' : 'ok');
    });
    await runInto(slackSink({ webhookUrl: r.url }, fast), [sgFinding()], { retry });
    expect(r.received).toHaveLength(2);

    const r2 = await receiver((_req, _i, res) => {
      res.statusCode = 400;
      res.end('invalid_blocks');
    });
    const e = await rejection(slackSink({ webhookUrl: r2.url }, fast).write([sgFinding()], ctx()));
    expect(e).toMatchObject({
      code: 'SLACK_HTTP_STATUS',
      status: 400,
      slackError: 'invalid_blocks',
      attempts: 1,
    });
    expect(r2.received).toHaveLength(1);
    const { error } = await runInto(slackSink({ webhookUrl: r2.url }, fast), [sgFinding()], { retry });
    expect((error as SinkError).attempts).toBe(1);
    expect(r2.received).toHaveLength(2);
  });

  it('times out a silent server and fails on connection refused, without leaking the webhook path', async () => {
    const r = await receiver(() => undefined);
    const secretPath = '/services/T000/B000/XXXXSECRETXXXX';
    const timedOut = await runInto(
      slackSink({ webhookUrl: `${r.url.replace('/hook', '')}${secretPath}` }, { ...fast, timeoutMs: 100 }),
      [sgFinding()],
      { retry: { ...retry, attempts: 2 } },
    );
    const e = (timedOut.error as SinkError).cause;
    expect(e).toMatchObject({ code: 'SLACK_TIMEOUT', attempts: 1 });
    expect((timedOut.error as SinkError).attempts).toBe(2);
    expect(r.received).toHaveLength(2);
    const port = await closedPort();
    const refused = await runInto(
      slackSink({ webhookUrl: `http://127.0.0.1:${port}${secretPath}` }, fast),
      [sgFinding()],
      { retry: { ...retry, attempts: 2 } },
    );
    const e2 = (refused.error as SinkError).cause;
    expect(e2).toMatchObject({ code: 'SLACK_NETWORK' });
    expect((refused.error as SinkError).attempts).toBe(2);
    for (const x of [e, e2, timedOut.error, refused.error])
      expect(inspect(x, { depth: 10 })).not.toContain('XXXXSECRETXXXX');
    const e3 = await rejection(
      slackSink({ token: TOKEN, channel: 'C1' }, { ...fast, apiUrl: `http://127.0.0.1:${port}/` }).write(
        [sgFinding()],
        ctx(),
      ),
    );
    expect(inspect(e3, { depth: 10 })).not.toContain(TOKEN);
  });

  it('groups many real findings into few messages, each within Slack limits', async () => {
    const r = await receiver();
    const findings: Finding[] = [];
    for (const [technique, events] of allStratus())
      for (const e of events) findings.push(findingFor(e, technique));
    const burst = invictus('218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json').map(
      (e) => findingFor(e, 'cis.3.1-unauthorized-api-calls', 'medium'),
    );
    await slackSink({ webhookUrl: r.url }, fast).write([...findings, ...burst], ctx());
    const perRule = new Map<string, number>();
    for (const f of [...findings, ...burst]) perRule.set(f.rule.id, (perRule.get(f.rule.id) ?? 0) + 1);
    const bodies = r.received.map((q) => JSON.parse(q.body) as SlackMessage);
    // One message per rule, continued every 45 findings (the 394-finding burst takes 9).
    const expected = [...perRule.values()].reduce((n, count) => n + Math.ceil(count / 45), 0);
    expect(perRule.size).toBe(35);
    expect(bodies).toHaveLength(expected);
    bodies.forEach(expectWithinLimits);
    const sections = (blocks: KnownBlock[]) => blocks.filter((b) => b.type === 'section').length;
    const burstSections = bodies
      .filter((b) => (b.blocks[0] as HeaderBlock).text.text.includes('cis.3.1'))
      .reduce((n, b) => n + sections(b.blocks), 0);
    expect(burstSections).toBe(burst.length);
  });

  it('sends at most rateLimitPerSecond messages per second (server-side timestamps)', async () => {
    const r = await receiver();
    const findings = allStratus()
      .slice(0, 9)
      .map(([technique, events]) => findingFor(events[0]!, technique));
    const rate = 4;
    const interval = 1000 / rate;
    await slackSink({ webhookUrl: r.url }, { rateLimitPerSecond: rate, groupBy: 'none' }).write(
      findings,
      ctx(),
    );
    const times = r.received.map((q) => q.at);
    expect(times).toHaveLength(9);
    // Arrival times carry network and scheduling jitter (the first request also opens the connection), so
    // check the spread rather than each gap: 9 messages at 4/s need at least 8 intervals end to end...
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(8 * interval - 150);
    // ...most gaps are a full interval...
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const sorted = [...gaps].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(interval - 30);
    // ...and no second holds more than the rate (plus one message shifted across the boundary by jitter).
    for (const t of times)
      expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(rate + 1);
  });

  it('does not post again messages already accepted when a failed write is retried', async () => {
    let failOnce = true;
    const r = await receiver((req, _i, res) => {
      const header = (JSON.parse(req.body).blocks[0] as HeaderBlock).text.text;
      if (failOnce && header.includes('rule-b')) {
        failOnce = false;
        res.statusCode = 404;
        res.end('channel_not_found');
        return;
      }
      res.end('ok');
    });
    const [e] = stratus('aws.defense-evasion.cloudtrail-stop');
    const items = ['rule-a', 'rule-b', 'rule-c'].map((id) => findingFor(e!, id));
    const sink = slackSink({ webhookUrl: r.url }, fast);
    const failed = await rejection(sink.write(items, ctx()));
    expect(String(failed)).toMatch(/HTTP 404/);
    // A partial write: only rule-b's finding was not delivered (the sink went on with rule-c).
    expect(PartialWriteError.isInstance(failed) && failed.undelivered).toEqual([items[1]]);
    await sink.write(items, ctx());
    const headers = r.received.map((q) =>
      (JSON.parse(q.body).blocks[0] as HeaderBlock).text.text.split(': ').at(-1),
    );
    expect(headers).toEqual(['rule-a', 'rule-b', 'rule-c', 'rule-b']);
  });

  it('posts plain events and respects minSeverity', async () => {
    const r = await receiver();
    const events = stratus('aws.defense-evasion.cloudtrail-stop');
    const low = findingFor(events[0]!, 'low-rule', 'low');
    await slackSink({ webhookUrl: r.url }, { ...fast, minSeverity: 'medium' }).write([low, ...events], ctx());
    expect(r.received).toHaveLength(1);
    const body = JSON.parse(r.received[0]!.body) as SlackMessage;
    expect((body.blocks[0] as HeaderBlock).text.text).toBe(
      `CloudTrail events (1–${events.length} of ${events.length})`,
    );
    expect(body.text).toContain('StopLogging');
  });

  it('stops waiting for a rate-limit slot when the run is cancelled', async () => {
    const r = await receiver();
    const ac = new AbortController();
    const items = ['a', 'b', 'c'].map((id) =>
      findingFor(stratus('aws.defense-evasion.cloudtrail-stop')[0]!, id),
    );
    const p = slackSink({ webhookUrl: r.url }, { rateLimitPerSecond: 0.1 }).write(items, {
      signal: ac.signal,
    });
    while (r.received.length === 0) await new Promise((ok) => setTimeout(ok, 5));
    ac.abort(new Error('cancelled'));
    await expect(p).rejects.toThrow('cancelled');
    expect(r.received).toHaveLength(1);
  });
});
