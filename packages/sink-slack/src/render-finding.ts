import type { KnownBlock } from '@slack/types';
import type { Finding, Severity, TrailEvent } from '@trailkit/core';
import { consoleEventUrl } from './console-link';
import type { SlackMessage } from './limits';
import { LIMITS } from './limits';
import { escapeMrkdwn, truncate } from './text';

const EMOJI: Record<Severity, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
  info: ':white_circle:',
};

/** `:red_circle: CRITICAL` style label. */
export function severityLabel(severity: Severity): string {
  return `${EMOJI[severity] ?? ''} ${String(severity).toUpperCase()}`.trim();
}

/** The facts of a finding, taken from the finding and its last event. */
export interface FindingFacts {
  who: string;
  what: string;
  where: string;
  when: string;
  sourceIp: string;
  link: string | undefined;
}

/** Extract who / what / where / when / source IP / console link from a finding. */
export function findingFacts(f: Finding): FindingFacts {
  const last: TrailEvent = f.events[f.events.length - 1] ?? {};
  const id = last.userIdentity;
  const who = f.principal ?? id?.arn ?? id?.userName ?? id?.type ?? 'unknown';
  const what = f.action ?? (last.eventName ? `${last.eventSource ?? '?'}:${last.eventName}` : 'unknown');
  const region = f.region ?? last.awsRegion;
  const account = f.account ?? last.recipientAccountId ?? id?.accountId;
  const where = [account, region].filter(Boolean).join(' / ') || 'unknown';
  return {
    who,
    what,
    where,
    when: f.time || last.eventTime || 'unknown',
    sourceIp: f.sourceIPAddress ?? last.sourceIPAddress ?? 'unknown',
    link: consoleEventUrl(region, last.eventID),
  };
}

/** Blocks for one finding on its own: header, summary, a grid of facts, and a console link. */
export function renderFinding(f: Finding): SlackMessage {
  const facts = findingFacts(f);
  const field = (label: string, value: string) => ({
    type: 'mrkdwn' as const,
    text: `*${label}*\n${truncate(escapeMrkdwn(value), LIMITS.fieldText - label.length - 4)}`,
  });
  const fields = [
    field('Severity', severityLabel(f.severity)),
    field('Rule', f.rule.id),
    field('Who', facts.who),
    field('What', facts.what),
    field('Where', facts.where),
    field('When', facts.when),
    field('Source IP', facts.sourceIp),
  ];
  if (f.events.length > 1) fields.push(field('Events', String(f.events.length)));
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${severityLabel(f.severity)}: ${f.rule.title}`, LIMITS.headerText),
        emoji: true,
      },
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(f.summary || f.rule.title), LIMITS.sectionText) },
    },
    { type: 'section', fields },
  ];
  const context = [
    facts.link ? `<${facts.link}|View event in the CloudTrail console>` : undefined,
    `finding \`${escapeMrkdwn(f.id)}\``,
  ]
    .filter(Boolean)
    .join('  ·  ');
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(context, LIMITS.contextText) }],
  });
  return { text: escapeMrkdwn(`${String(f.severity).toUpperCase()}: ${f.rule.title}: ${f.summary}`), blocks };
}

/** Findings listed per message in a grouped message (leaves room for header, description and footer). */
export const GROUP_ITEMS_PER_MESSAGE = 45;

/**
 * Messages for several findings of one group (e.g. one rule): a header with the count, the rule's
 * description, then one compact section per finding. More than {@link GROUP_ITEMS_PER_MESSAGE} findings
 * are continued in further messages ("part 2/3"), so nothing is dropped.
 */
export function renderGroup(findings: readonly Finding[]): SlackMessage[] {
  const first = findings[0];
  if (!first) return [];
  const top = highest(findings);
  const parts: Finding[][] = [];
  for (let i = 0; i < findings.length; i += GROUP_ITEMS_PER_MESSAGE)
    parts.push(findings.slice(i, i + GROUP_ITEMS_PER_MESSAGE));
  const title = first.rule.title;
  return parts.map((part, p) => {
    const suffix = parts.length > 1 ? `, part ${p + 1}/${parts.length}` : '';
    const blocks: KnownBlock[] = [
      {
        type: 'header',
        text: {
          type: 'plain_text',
          text: headerWithTail(`${severityLabel(top)}: `, title, ` (${findings.length} findings${suffix})`),
          emoji: true,
        },
      },
    ];
    if (p === 0 && first.rule.description)
      blocks.push({
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: truncate(escapeMrkdwn(first.rule.description), LIMITS.contextText) },
        ],
      });
    for (const f of part) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: compactLine(f) } });
    const lines = part.map((f) => `- ${escapeMrkdwn(f.summary)}`);
    const text = truncate(
      `${String(top).toUpperCase()}: ${escapeMrkdwn(title)}: ${findings.length} findings${suffix}\n${lines.join('\n')}`,
      LIMITS.messageText,
    );
    return { text, blocks };
  });
}

/** One finding as a section's mrkdwn: summary, then when · where · IP · link. */
function compactLine(f: Finding): string {
  const facts = findingFacts(f);
  const link = facts.link ? `  ·  <${facts.link}|event>` : '';
  const meta = `${escapeMrkdwn(facts.when)}  ·  ${escapeMrkdwn(facts.where)}  ·  ${escapeMrkdwn(facts.sourceIp)}`;
  const head = `${EMOJI[f.severity] ?? ''} *${truncate(escapeMrkdwn(f.summary || f.rule.title), 2000)}*`;
  return truncate(`${head}\n${meta}${link}`, LIMITS.sectionText);
}

/** `prefix + title + tail` within the header limit: only the title is cut, the count stays readable. */
function headerWithTail(prefix: string, title: string, tail: string): string {
  return prefix + truncate(title, Math.max(1, LIMITS.headerText - prefix.length - tail.length)) + tail;
}

function highest(findings: readonly Finding[]): Severity {
  const order: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
  let best = 0;
  for (const f of findings) best = Math.max(best, order.indexOf(f.severity));
  return order[best] ?? 'info';
}
