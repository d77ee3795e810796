import type { HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { Finding, TrailEvent } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { allStratus, findingFor, invictus, stratus } from '../test/fixtures';
import { expectWithinLimits } from '../test/expect-limits';
import { type ComposeOptions, composeMessages } from './compose';

const defaults: ComposeOptions = {
  minSeverity: 'info',
  groupBy: 'rule',
  template: undefined,
  includeEvents: true,
};

const texts = (blocks: KnownBlock[]) => JSON.stringify(blocks);

describe('composeMessages', () => {
  it('renders one real finding with severity, rule, who, what, where, when, IP and a console link', () => {
    const [event] = stratus('aws.exfiltration.ec2-security-group-open-port-22-ingress');
    const f = findingFor(
      event!,
      'threats.sg-open-to-world',
      'critical',
      'Security group opened to the world',
    );
    const [m, ...rest] = composeMessages([f], defaults);
    expect(rest).toEqual([]);
    expectWithinLimits(m!);
    expect((m!.blocks[0] as HeaderBlock).text.text).toBe(
      ':red_circle: CRITICAL: Security group opened to the world',
    );
    const all = texts(m!.blocks);
    expect(all).toContain('arn:aws:iam::032092706103:user/christophe');
    expect(all).toContain('ec2.amazonaws.com:AuthorizeSecurityGroupIngress');
    expect(all).toContain('032092706103 / us-northeast-1r');
    expect(all).toContain('2024-08-01T12:23:55Z');
    expect(all).toContain('253.243.215.253');
    expect(all).toContain('threats.sg-open-to-world');
    expect(all).toContain(
      '<https://us-northeast-1r.console.aws.amazon.com/cloudtrail/home?region=us-northeast-1r#/events/9fd68588-ecbf-4528-a345-199fa6bb0821|View event in the CloudTrail console>',
    );
    expect(m!.text).toContain('CRITICAL: Security group opened to the world');
  });

  it('groups findings that arrive together by rule, one message per rule, in first-seen order', () => {
    const findings: Finding[] = [];
    for (const [technique, events] of allStratus().slice(0, 8))
      for (const e of events) findings.push(findingFor(e, technique, 'medium'));
    const groups = new Set(findings.map((f) => f.rule.id));
    const multi = [...groups].filter((g) => findings.filter((f) => f.rule.id === g).length > 1);
    expect(multi.length).toBeGreaterThan(0);
    const messages = composeMessages(findings, defaults);
    expect(messages).toHaveLength(groups.size);
    messages.forEach(expectWithinLimits);
    const headers = messages.map((m) => (m.blocks[0] as HeaderBlock).text.text);
    expect(headers.map((h) => h.replace(/^.*MEDIUM: /, '').replace(/ \(\d+ findings\)$/, ''))).toEqual([
      ...groups,
    ]);
    for (const g of multi) {
      const n = findings.filter((f) => f.rule.id === g).length;
      expect(headers).toContain(`:large_yellow_circle: MEDIUM: ${g} (${n} findings)`);
    }
  });

  it("with groupBy 'none' sends one message per finding; a function groups by its key", () => {
    const events = stratus('aws.persistence.iam-create-admin-user');
    const findings = events.map((e) => findingFor(e, 'r1'));
    expect(composeMessages(findings, { ...defaults, groupBy: 'none' })).toHaveLength(findings.length);
    const byAccount = composeMessages(findings, { ...defaults, groupBy: (f) => f.account ?? '' });
    expect(byAccount).toHaveLength(new Set(findings.map((f) => f.account)).size);
  });

  it('keeps hundreds of findings within Slack limits without dropping any', () => {
    const events = invictus('218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json');
    const findings = events.map((e) =>
      findingFor(e, 'cis.3.1-unauthorized-api-calls', 'high', 'x'.repeat(300)),
    );
    const messages = composeMessages(findings, defaults);
    expect(messages.length).toBe(Math.ceil(394 / 45));
    messages.forEach(expectWithinLimits);
    const sections = messages.flatMap((m) => m.blocks.filter((b) => b.type === 'section'));
    expect(sections).toHaveLength(394);
    // Every finding's event is linked once.
    const links =
      messages
        .map((m) => texts(m.blocks))
        .join('')
        .match(/#\/events\/[0-9a-f-]+\|event>/g) ?? [];
    expect(links).toHaveLength(events.filter((e) => e.eventID && e.awsRegion).length);
    // The 300-char title was cut with an ellipsis; the count and part stay readable.
    expect((messages[0]!.blocks[0] as HeaderBlock).text.text).toMatch(
      /^:large_orange_circle: HIGH: x+… \(394 findings, part 1\/9\)$/,
    );
    expect((messages.at(-1)!.blocks[0] as HeaderBlock).text.text).toContain(
      `part ${messages.length}/${messages.length}`,
    );
  });

  it('drops findings below minSeverity', () => {
    const [e] = stratus('aws.defense-evasion.cloudtrail-stop');
    const items = [findingFor(e!, 'a', 'low'), findingFor(e!, 'b', 'high'), findingFor(e!, 'c', 'critical')];
    const messages = composeMessages(items, { ...defaults, minSeverity: 'high' });
    expect(messages.map((m) => (m.blocks[0] as HeaderBlock).text.text)).toEqual([
      ':large_orange_circle: HIGH: b',
      ':red_circle: CRITICAL: c',
    ]);
  });

  it('renders plain events as compact lines, all of them, within limits', () => {
    const events: TrailEvent[] = invictus(
      '218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
    );
    const messages = composeMessages(events, defaults);
    messages.forEach(expectWithinLimits);
    const lines = messages.flatMap((m) =>
      m.blocks.filter((b) => b.type === 'section').flatMap((b) => (b as SectionBlock).text!.text.split('\n')),
    );
    expect(lines).toHaveLength(394);
    expect(lines[0]).toContain(`\`${events[0]!.eventTime}\``);
    expect(lines[0]).toContain(`${events[0]!.eventSource}:${events[0]!.eventName}`);
    expect(composeMessages(events, { ...defaults, includeEvents: false })).toEqual([]);
  });

  it('escapes mrkdwn control characters from event data (no @channel or link injection)', () => {
    const [e] = stratus('aws.defense-evasion.cloudtrail-stop');
    const f = findingFor({ ...e!, sourceIPAddress: '<!channel> <http://evil|click>' }, 'r');
    const [single] = composeMessages([f], defaults);
    const all = texts(single!.blocks);
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('&lt;!channel&gt;');
    expect(single!.text).not.toContain('<!channel>');
    const grouped = composeMessages([f, findingFor({ ...e!, eventID: 'other' }, 'r')], defaults);
    expect(grouped).toHaveLength(1);
    expect(grouped[0]!.text).not.toContain('<!channel>');
    expect(texts(grouped[0]!.blocks)).not.toContain('<!channel>');
  });

  it('applies a template per group and still enforces limits', () => {
    const findings = stratus('aws.persistence.iam-create-admin-user').map((e) => findingFor(e, 'r'));
    const messages = composeMessages(findings, {
      ...defaults,
      template: (group) => ({
        text: `${group.length} findings`,
        blocks: Array.from({ length: 70 }, () => ({
          type: 'section',
          text: { type: 'mrkdwn', text: 'y'.repeat(4000) },
        })),
      }),
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toBe(`${findings.length} findings`);
    expectWithinLimits(messages[0]!);
  });
});
