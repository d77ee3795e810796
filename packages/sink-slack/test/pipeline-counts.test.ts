/**
 * One owner for retries: the pipeline. Findings of three rules through `slackSink`: one rule's message is
 * refused (400), one fails once (503). The receiver's posts and the dead letter must match the summary.
 */
import type { HeaderBlock } from '@slack/types';
import { type HttpReceiver, startHttpReceiver } from '@trailkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { slackSink } from '../src/index';
import { findingFor, stratus } from './fixtures';
import { memoryDeadLetter, runInto } from '@trailkit/testing';

let receiver: HttpReceiver | undefined;
afterEach(async () => receiver?.close());

describe('slack sink in a pipeline: the summary equals what Slack and the dead letter hold', () => {
  it('400 for one rule, 503 then 200 for another', async () => {
    const posts = new Map<string, number>();
    const accepted: string[] = [];
    receiver = await startHttpReceiver((req, _i, res) => {
      const rule = (JSON.parse(req.body).blocks[0] as HeaderBlock).text.text.split(': ').at(-1)!;
      const n = (posts.get(rule) ?? 0) + 1;
      posts.set(rule, n);
      if (rule === 'rule-refused') res.statusCode = 400;
      else if (rule === 'rule-flaky' && n === 1) res.statusCode = 503;
      else accepted.push(rule);
      res.end(res.statusCode === 400 ? 'invalid_blocks' : 'ok');
    });
    const events = stratus('aws.defense-evasion.cloudtrail-stop');
    const findings = ['rule-ok', 'rule-refused', 'rule-flaky', 'rule-last'].map((id) =>
      findingFor(events[0]!, id),
    );
    const deadLetter = memoryDeadLetter();
    const { summary } = await runInto(
      slackSink({ webhookUrl: receiver.url }, { rateLimitPerSecond: 1000 }),
      findings,
      {
        retry: { attempts: 3, baseMs: 1, maxMs: 5 },
        deadLetter,
      },
    );
    expect(Object.fromEntries(posts)).toEqual({
      'rule-ok': 1,
      'rule-refused': 1,
      'rule-flaky': 2,
      'rule-last': 1,
    });
    expect(accepted.sort()).toEqual(['rule-flaky', 'rule-last', 'rule-ok']);
    expect(deadLetter.records.map((d) => (d.item as { rule: { id: string } }).rule.id)).toEqual([
      'rule-refused',
    ]);
    expect(summary.sinks[0]).toMatchObject({
      written: accepted.length,
      deadLettered: deadLetter.records.length,
      failed: 1,
      retried: 1,
    });
  });
});
