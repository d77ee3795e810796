import type { KnownBlock } from '@slack/types';
import type { TrailEvent } from '@trailkit/core';
import { consoleEventUrl } from './console-link';
import { LIMITS, type SlackMessage } from './limits';
import { escapeMrkdwn, truncate } from './text';

/** One compact mrkdwn line for a plain event: time, action, who, from where, error, link. */
export function eventLine(e: TrailEvent): string {
  const id = e.userIdentity;
  const who = id?.arn ?? id?.userName ?? id?.type ?? 'unknown';
  const action = `${e.eventSource ?? '?'}:${e.eventName ?? '?'}`;
  const error = e.errorCode ? ` *${escapeMrkdwn(e.errorCode)}*` : '';
  const url = consoleEventUrl(e.awsRegion, e.eventID);
  const link = url ? ` <${url}|view>` : '';
  const line = `\`${escapeMrkdwn(e.eventTime ?? '?')}\` \`${escapeMrkdwn(action)}\`${error} by ${escapeMrkdwn(who)} from ${escapeMrkdwn(e.sourceIPAddress ?? '?')} (${escapeMrkdwn(e.awsRegion ?? '?')})`;
  // Keep the link intact: cut the descriptive part, never the URL.
  return truncate(line, 1000) + link;
}

/**
 * Messages for plain events: lines packed into section blocks of at most 3000 characters, up to 48
 * sections per message under a header; more events continue in further messages.
 */
export function renderEvents(events: readonly TrailEvent[]): SlackMessage[] {
  const sections: Array<{ text: string; count: number }> = [];
  let current = { text: '', count: 0 };
  for (const e of events) {
    const line = eventLine(e).replace(/\n/g, ' ');
    if (current.count > 0 && current.text.length + 1 + line.length > LIMITS.sectionText) {
      sections.push(current);
      current = { text: '', count: 0 };
    }
    current = { text: current.count > 0 ? `${current.text}\n${line}` : line, count: current.count + 1 };
  }
  if (current.count > 0) sections.push(current);
  const perMessage = LIMITS.blocks - 2;
  const messages: SlackMessage[] = [];
  let counted = 0;
  for (let i = 0; i < sections.length; i += perMessage) {
    const chunk = sections.slice(i, i + perMessage);
    const n = chunk.reduce((sum, s) => sum + s.count, 0);
    const blocks: KnownBlock[] = [
      {
        type: 'header',
        text: {
          type: 'plain_text',
          text: `CloudTrail events (${counted + 1}–${counted + n} of ${events.length})`,
        },
      },
      ...chunk.map((s) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text: s.text } })),
    ];
    counted += n;
    const lines = chunk.map((s) => s.text).join('\n');
    messages.push({ text: truncate(`${n} CloudTrail event(s)\n${lines}`, LIMITS.messageText), blocks });
  }
  return messages;
}
