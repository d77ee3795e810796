import { type Finding, SEVERITIES, type Severity, type TrailEvent } from '@trailkit/core';
import { enforceLimits, type SlackMessage } from './limits';
import { renderEvents } from './render-events';
import { renderFinding, renderGroup } from './render-finding';

/** How findings arriving together are grouped into one message. */
export type GroupBy = 'rule' | 'none' | ((finding: Finding) => string);

/**
 * Custom rendering of a group of findings (one finding when not grouped). The sink still enforces Slack's
 * limits on what it returns.
 */
export type SlackTemplate = (findings: readonly Finding[]) => SlackMessage | SlackMessage[];

/** Settings for {@link composeMessages}. */
export interface ComposeOptions {
  minSeverity: Severity;
  groupBy: GroupBy;
  template: SlackTemplate | undefined;
  includeEvents: boolean;
}

/** True for a finding (`kind: 'finding'`), false for a plain CloudTrail event. */
export function isFinding(item: TrailEvent | Finding): item is Finding {
  return (item as { kind?: unknown }).kind === 'finding';
}

/** One group of items and the messages that carry it: delivered when all of them were posted. */
export interface MessageUnit {
  items: readonly (TrailEvent | Finding)[];
  messages: SlackMessage[];
}

/**
 * Turn one write's items into Slack messages, in order of first appearance: findings below `minSeverity`
 * are dropped, findings are grouped by `groupBy` (a group of one gets the detailed single-finding layout),
 * plain events are listed compactly after the findings. Every message is within Slack's limits.
 */
export function composeMessages(
  items: readonly (TrailEvent | Finding)[],
  options: ComposeOptions,
): SlackMessage[] {
  return composeUnits(items, options).flatMap((u) => u.messages);
}

/**
 * {@link composeMessages}, keeping which items each group of messages carries (what a partial write
 * reports as undelivered when one of them fails). Items dropped by `minSeverity` or `includeEvents` are in
 * no unit.
 */
export function composeUnits(
  items: readonly (TrailEvent | Finding)[],
  options: ComposeOptions,
): MessageUnit[] {
  const min = SEVERITIES.indexOf(options.minSeverity);
  const groups = new Map<string, Finding[]>();
  const events: TrailEvent[] = [];
  let n = 0;
  for (const item of items) {
    if (isFinding(item)) {
      if (SEVERITIES.indexOf(item.severity) < min) continue;
      const key = groupKey(item, options.groupBy, n++);
      const list = groups.get(key);
      if (list) list.push(item);
      else groups.set(key, [item]);
    } else if (options.includeEvents) {
      events.push(item);
    }
  }
  const out: MessageUnit[] = [];
  for (const group of groups.values()) {
    let messages: SlackMessage[];
    if (options.template) {
      const made = options.template(group);
      messages = Array.isArray(made) ? made : [made];
    } else if (group.length === 1) messages = [renderFinding(group[0]!)];
    else messages = renderGroup(group);
    out.push({ items: group, messages: messages.map(enforceLimits) });
  }
  if (events.length > 0) out.push({ items: events, messages: renderEvents(events).map(enforceLimits) });
  return out;
}

function groupKey(f: Finding, groupBy: GroupBy, index: number): string {
  if (groupBy === 'none') return `#${index}`;
  if (groupBy === 'rule') return `rule:${f.rule.id}`;
  return `key:${groupBy(f)}`;
}
