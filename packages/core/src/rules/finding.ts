import crypto from 'node:crypto';
import { eventTimeText } from '../event/event-time';
import type { TrailEvent } from '../event/trail-event';
import { principalOf, summarizeEvent } from './describe-event';
import type { Finding, RuleMeta } from './types';

/** Extra details a detector may give {@link makeFinding}. */
export interface FindingDetails {
  /** Overrides the summary built from the last event (e.g. `12 AccessDenied from alice in 5 min`). */
  summary?: string;
}

/**
 * A stable finding id: the first 32 hex digits of SHA-256 over the rule id and the events' `eventID`s
 * (events without one contribute their JSON). The same rule on the same events always gives the same id.
 */
export function findingId(ruleId: string, events: readonly TrailEvent[]): string {
  // One string hashed at once (UTF-8): the same digest as hashing the parts in turn, since every part
  // boundary is next to a '\n' (no surrogate pair can straddle one).
  let text = ruleId;
  for (const e of events) text += `\n${typeof e.eventID === 'string' ? e.eventID : JSON.stringify(e)}`;
  return sha256Hex(text).slice(0, 32);
}

/** SHA-256 of a string's UTF-8 bytes, in hex: the one-shot `crypto.hash` (Node >= 20.12) when there is one. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Build a finding for a rule from its event(s): the rule's metadata, the events, a one-line summary of the
 * last event (who did what, where, from which IP) and a stable id.
 */
export function makeFinding(
  rule: RuleMeta | { id: string; title: string; severity: Finding['severity'] },
  events: TrailEvent[],
  details?: FindingDetails,
): Finding {
  const r = rule as RuleMeta;
  const last: TrailEvent = events[events.length - 1] ?? {};
  // The usual case (every optional field present) is built as one literal, in the same key order as the
  // step-by-step path below: same object, without growing it property by property.
  const meta: RuleMeta =
    r.description !== undefined && r.references !== undefined && r.tags !== undefined
      ? {
          id: r.id,
          title: r.title,
          severity: r.severity,
          description: r.description,
          references: r.references,
          tags: r.tags,
        }
      : partialMeta(r);
  if (r.attack !== undefined) meta.attack = r.attack;
  if (r.author !== undefined) meta.author = r.author;
  if (r.falsePositives !== undefined) meta.falsePositives = r.falsePositives;
  if (r.source !== undefined) meta.source = r.source;
  const id = findingId(r.id, events);
  const summary = details?.summary ?? summarizeEvent(last);
  const time = eventTimeText(last) ?? '';
  const principal = principalOf(last);
  const action = last.eventSource && last.eventName ? `${last.eventSource}:${last.eventName}` : undefined;
  const account = last.recipientAccountId ?? last.userIdentity?.accountId;
  const region = last.awsRegion;
  const sourceIPAddress = last.sourceIPAddress;
  if (
    principal !== undefined &&
    action !== undefined &&
    account !== undefined &&
    region !== undefined &&
    sourceIPAddress !== undefined
  ) {
    return {
      kind: 'finding',
      id,
      rule: meta,
      severity: r.severity,
      summary,
      time,
      events,
      principal,
      action,
      account,
      region,
      sourceIPAddress,
    };
  }
  const finding: Finding = { kind: 'finding', id, rule: meta, severity: r.severity, summary, time, events };
  if (principal !== undefined) finding.principal = principal;
  if (action !== undefined) finding.action = action;
  if (account !== undefined) finding.account = account;
  if (region !== undefined) finding.region = region;
  if (sourceIPAddress !== undefined) finding.sourceIPAddress = sourceIPAddress;
  return finding;
}

function partialMeta(r: RuleMeta): RuleMeta {
  const meta: RuleMeta = { id: r.id, title: r.title, severity: r.severity };
  if (r.description !== undefined) meta.description = r.description;
  if (r.references !== undefined) meta.references = r.references;
  if (r.tags !== undefined) meta.tags = r.tags;
  return meta;
}
