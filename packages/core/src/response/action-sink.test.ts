import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Sink, Source } from '../contracts';
import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { pipeline } from '../pipeline/pipeline';
import type { DeadLetter } from '../pipeline/types';
import type { Finding, Rule } from '../rules/types';
import { actionSink } from './action-sink';
import { ActionError } from './errors';
import { respond } from './respond';

const REAL = fileURLToPath(new URL('../../test/fixtures/real/stratus-red-team/', import.meta.url));
const stratus = (name: string) => JSON.parse(readFileSync(`${REAL}${name}.json`, 'utf8')) as TrailEvent[];

/** A source over real records, one batch per file. */
function arraySource(batches: TrailEvent[][]): Source {
  return {
    name: 'test-array',
    async *read() {
      for (const [i, events] of batches.entries()) yield { events, position: i };
    },
  };
}

const sgOpen: Rule = {
  id: 'example.sg-open-to-world',
  title: 'Security group opened to the world',
  severity: 'high',
  match: (e: TrailEvent) =>
    e.eventName === 'AuthorizeSecurityGroupIngress' &&
    String(e.requestParameters?.cidrIp ?? '').endsWith('/0'),
};
const stopLogging: Rule = {
  id: 'example.cloudtrail-stopped',
  title: 'CloudTrail logging stopped',
  severity: 'critical',
  match: (e: TrailEvent) => e.eventName === 'StopLogging',
};

const ctx = () => ({ signal: new AbortController().signal });
const finding = (id: string, ruleId = 'r'): Finding => ({
  kind: 'finding',
  id,
  rule: { id: ruleId, title: ruleId, severity: 'high' },
  severity: 'high',
  summary: id,
  time: '',
  events: [],
});

describe('actionSink', () => {
  it('runs the handler once per finding from real events, through the pipeline', async () => {
    const seen: Finding[] = [];
    const summary = await pipeline()
      .from(
        arraySource([
          stratus('aws.exfiltration.ec2-security-group-open-port-22-ingress'),
          stratus('aws.defense-evasion.cloudtrail-stop'),
        ]),
      )
      .detect([sgOpen, stopLogging])
      .to(actionSink((f) => void seen.push(f), { name: 'remediate' }))
      .run();
    expect(seen.map((f) => f.rule.id).sort()).toEqual([
      'example.cloudtrail-stopped',
      'example.sg-open-to-world',
    ]);
    const sg = seen.find((f) => f.rule.id === 'example.sg-open-to-world');
    expect(sg?.events[0]?.requestParameters).toMatchObject({ groupId: 'sg-003dc7f1f1c686164', fromPort: 22 });
    expect(summary.sinks[0]).toMatchObject({ name: 'remediate', written: 2, failed: 0 });
  });

  it('is retried by the pipeline; findings that already succeeded are not run again', async () => {
    const calls: string[] = [];
    let failOnce = true;
    const sink = actionSink(
      (f) => {
        calls.push(f.rule.id);
        if (f.rule.id === 'example.cloudtrail-stopped' && failOnce) {
          failOnce = false;
          throw new Error('throttled');
        }
      },
      { concurrency: 1 },
    );
    const both = [
      ...stratus('aws.exfiltration.ec2-security-group-open-port-22-ingress'),
      ...stratus('aws.defense-evasion.cloudtrail-stop'),
    ];
    const summary = await pipeline()
      .from(arraySource([both]))
      .detect([sgOpen, stopLogging])
      .to(sink)
      .run({ retry: { attempts: 3, baseMs: 1, maxMs: 2 } });
    const stops = both.filter((e) => e.eventName === 'StopLogging').length;
    expect(calls.filter((c) => c === 'example.sg-open-to-world')).toHaveLength(1);
    expect(calls.filter((c) => c === 'example.cloudtrail-stopped')).toHaveLength(stops + 1);
    expect(summary.sinks[0]?.retried).toBe(1);
  });

  it('sends findings whose handler keeps failing to the pipeline dead letter', async () => {
    const dead: DeadLetter[] = [];
    const deadLetter: Sink<DeadLetter> = { name: 'dlq', write: async (items) => void dead.push(...items) };
    await pipeline()
      .from(arraySource([stratus('aws.exfiltration.ec2-security-group-open-port-22-ingress')]))
      .detect(sgOpen)
      .to(
        actionSink(() => {
          throw new Error('AccessDenied');
        }),
      )
      .run({ retry: { attempts: 2, baseMs: 1, maxMs: 2 }, deadLetter });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ sink: 'action', attempts: 2 });
    expect(dead[0]?.error).toMatch(/AccessDenied/);
    expect((dead[0]!.item as Finding).rule.id).toBe('example.sg-open-to-world');
  });

  it('rejects with ActionError listing every failure, and ignores plain events', async () => {
    const sink = actionSink((f) => {
      if (f.id !== 'ok') throw new Error(`boom ${f.id}`);
    });
    const items = [finding('ok'), finding('a'), { eventName: 'x' } as unknown as Finding, finding('b')];
    const e = await sink.write(items, ctx()).catch((x: unknown) => x);
    expect(ActionError.isInstance(e)).toBe(true);
    const err = e as ActionError;
    expect(err.code).toBe('ACTION_FAILED');
    expect(err.failures.map((f) => f.findingId).sort()).toEqual(['a', 'b']);
    expect(err.message).toMatch(/2 of 3 finding\(s\) failed/);
  });

  it('runs at most `concurrency` handlers at once', async () => {
    let running = 0;
    let peak = 0;
    const sink = actionSink(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
      },
      { concurrency: 3 },
    );
    await sink.write(
      Array.from({ length: 12 }, (_, i) => finding(`f${i}`)),
      ctx(),
    );
    expect(peak).toBe(3);
  });

  it('passes the run signal and stops starting handlers when it aborts', async () => {
    const ac = new AbortController();
    const started: string[] = [];
    const sink = actionSink(
      async (f, { signal }) => {
        started.push(f.id);
        expect(signal).toBe(ac.signal);
        ac.abort(new Error('stop'));
      },
      { concurrency: 1 },
    );
    await expect(sink.write([finding('a'), finding('b')], { signal: ac.signal })).rejects.toThrow('stop');
    expect(started).toEqual(['a']);
  });

  it('validates its options', () => {
    expect(() => actionSink(undefined as never)).toThrow(ConfigError);
    expect(() => actionSink(() => {}, { concurrency: 0 })).toThrow(/concurrency/);
    expect(() => actionSink(() => {}, { name: '' })).toThrow(/name/);
  });
});

describe('respond', () => {
  it('routes by rule id, to the fallback otherwise, or ignores', async () => {
    const calls: string[] = [];
    const handler = respond(
      { a: (f) => void calls.push(`a:${f.id}`), b: (f) => void calls.push(`b:${f.id}`) },
      (f) => void calls.push(`other:${f.id}`),
    );
    const log = { debug() {}, info() {}, warn() {}, error() {} };
    for (const f of [finding('1', 'a'), finding('2', 'b'), finding('3', 'c')])
      await handler(f, { signal: new AbortController().signal, log });
    expect(calls).toEqual(['a:1', 'b:2', 'other:3']);
    const noFallback = respond({ a: () => 'x' });
    expect(noFallback(finding('4', 'z'), { signal: new AbortController().signal, log })).toBeUndefined();
    expect(() => respond({ a: 1 as never })).toThrow(/rule `a`/);
  });
});
