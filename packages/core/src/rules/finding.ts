import crypto from 'node:crypto';
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
  const meta: RuleMeta = { id: r.id, title: r.title, severity: r.severity };
  if (r.description !== undefined) meta.description = r.description;
  if (r.references !== undefined) meta.references = r.references;
  if (r.tags !== undefined) meta.tags = r.tags;
  const finding: Finding = {
    kind: 'finding',
    id: findingId(r.id, events),
    rule: meta,
    severity: r.severity,
    summary: details?.summary ?? summarizeEvent(last),
    time: last.eventTime ?? '',
    events,
  };
  const principal = principalOf(last);
  if (principal !== undefined) finding.principal = principal;
  if (last.eventSource && last.eventName) finding.action = `${last.eventSource}:${last.eventName}`;
  const account = last.recipientAccountId ?? last.userIdentity?.accountId;
  if (account !== undefined) finding.account = account;
  if (last.awsRegion !== undefined) finding.region = last.awsRegion;
  if (last.sourceIPAddress !== undefined) finding.sourceIPAddress = last.sourceIPAddress;
  return finding;
}
