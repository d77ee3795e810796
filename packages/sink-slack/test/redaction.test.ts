/**
 * Issue 13: a server that echoes the request (headers, URL, body) back in its error answer must not get
 * the incoming webhook's secret path or the bot token into errors, logs or the dead letter.
 */
import { inspect } from 'node:util';
import { type HttpReceiver, startHttpReceiver } from '@trailkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { slackSink } from '../src/index';
import { findingFor, stratus } from './fixtures';
import { collectingLog, memoryDeadLetter, runInto } from '@trailkit/testing';

const PATH_SECRET = 'q7RkXm2PzT9wLs4VbN1cYe8H';
const TOKEN = 'xoxb-918273645-1029384756-SeCrEtToKeN';

let receiver: HttpReceiver | undefined;
afterEach(async () => receiver?.close());

const echo = (status: number) =>
  startHttpReceiver((req, _i, res) => {
    res.statusCode = status;
    res.end(JSON.stringify({ ok: false, error: 'echo', url: req.url, headers: req.headers, body: req.body }));
  });

describe('slack errors and logs never carry secrets', () => {
  const finding = () => findingFor(stratus('aws.defense-evasion.cloudtrail-stop')[0]!, 'rule-a');

  for (const status of [400, 503]) {
    it(`an incoming webhook echoing the request in a ${status}`, async () => {
      receiver = await echo(status);
      const log = collectingLog();
      const runLog = collectingLog();
      const deadLetter = memoryDeadLetter();
      const webhookUrl = `${receiver.origin}/services/T0A1B2C3D/B0E4F5G6H/${PATH_SECRET}`;
      const sink = slackSink({ webhookUrl }, { rateLimitPerSecond: 1000, log });
      const { summary } = await runInto(sink, [finding()], {
        retry: { attempts: 2, baseMs: 1, maxMs: 5 },
        deadLetter,
        log: runLog,
      });
      expect(summary.sinks[0]).toMatchObject({ deadLettered: 1 });
      expect(JSON.stringify(receiver.received)).toContain(PATH_SECRET); // the echo holds it...
      const direct = await slackSink({ webhookUrl }, { rateLimitPerSecond: 1000 })
        .write([finding()], { signal: new AbortController().signal })
        .catch((e: unknown) => e);
      for (const text of [
        String(direct),
        inspect(direct, { depth: 10 }),
        JSON.stringify(direct),
        JSON.stringify(log.lines),
        JSON.stringify(runLog.lines),
        JSON.stringify(deadLetter.records),
      ])
        expect(text).not.toContain(PATH_SECRET); // ...nothing we print does
    });
  }

  it('chat.postMessage echoing the bearer token', async () => {
    receiver = await echo(500);
    const log = collectingLog();
    const sink = slackSink(
      { token: TOKEN, channel: 'C1' },
      { rateLimitPerSecond: 1000, apiUrl: receiver.url, log },
    );
    const { error } = await runInto(sink, [finding()], { retry: { attempts: 1 } });
    expect(JSON.stringify(receiver.received)).toContain(TOKEN);
    for (const text of [String(error), inspect(error, { depth: 10 }), JSON.stringify(log.lines)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('SeCrEtToKeN');
    }
  });
});
