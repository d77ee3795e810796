import type { TrailEvent } from '../event/trail-event';
import type { Detector, Finding, Rule } from './types';

/**
 * What `.detect()` accepts: rules, detectors, or (nested) arrays of them.
 * Owned by the rules work: string patterns are compiled with `pattern()` once it lands.
 */
export type DetectionInput = Rule | Detector | ReadonlyArray<DetectionInput>;

/** Flatten a {@link DetectionInput} into detectors. */
export function toDetectors(input: DetectionInput): Detector[] {
  if (Array.isArray(input)) return input.flatMap((x) => toDetectors(x));
  const item = input as Rule | Detector;
  if ('process' in item && typeof item.process === 'function') return [item];
  return [ruleDetector(item as Rule)];
}

function ruleDetector(rule: Rule): Detector {
  const m = rule.match;
  let test: (e: TrailEvent) => boolean;
  if (typeof m === 'function') test = m;
  else if (typeof m === 'string')
    throw new Error(`rule ${rule.id}: pattern text rules need pattern() (not yet available)`);
  else test = (e) => m.test(e);
  return {
    id: rule.id,
    process: (event) => (test(event) ? [makeFinding(rule, [event])] : undefined),
  };
}

/** Build a finding for a rule from its event(s). Placeholder summary; the rules work refines it. */
export function makeFinding(
  rule: Rule | Detector | { id: string; title: string; severity: Finding['severity'] },
  events: TrailEvent[],
): Finding {
  const r = rule as Rule;
  const last = events[events.length - 1] ?? {};
  const principal = last.userIdentity?.arn ?? last.userIdentity?.type;
  return {
    kind: 'finding',
    id: `${r.id}:${events.map((e) => e.eventID ?? '').join(',')}`,
    rule: {
      id: r.id,
      title: r.title,
      severity: r.severity,
      description: r.description,
      references: r.references,
      tags: r.tags,
    },
    severity: r.severity,
    summary: `${principal ?? 'unknown'} called ${last.eventName ?? '?'} in ${last.awsRegion ?? '?'} from ${last.sourceIPAddress ?? '?'}`,
    time: last.eventTime ?? '',
    events,
    principal,
    action: last.eventSource && last.eventName ? `${last.eventSource}:${last.eventName}` : undefined,
    account: last.recipientAccountId ?? last.userIdentity?.accountId,
    region: last.awsRegion,
    sourceIPAddress: last.sourceIPAddress,
  };
}
