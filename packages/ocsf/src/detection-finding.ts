/** A trailkit finding → one OCSF Detection Finding record (class_uid 2004). */
import { eventTimeMillis, type Finding, type TrailEvent } from '@trailkit/core';
import { actorOf } from './actor';
import { apiOf } from './api';
import { cloudOf } from './api-activity';
import { attacksOf } from './attacks';
import { evidenceOf } from './evidence';
import { OcsfMappingError } from './errors';
import { type OcsfOptions, type ResolvedOcsfOptions, resolveOcsfOptions } from './options';
import { resourcesOf } from './resources';
import { severityOf } from './severity';
import { epochMillis } from './time';
import type { OcsfDetectionFinding, OcsfFindingInfo } from './types';
import { OCSF_FINDING_PROFILES, OCSF_VERSION } from './version';

/** Detection Finding's class and category. */
export const DETECTION_FINDING = {
  class_uid: 2004,
  class_name: 'Detection Finding',
  category_uid: 2,
  category_name: 'Findings',
} as const;

/**
 * Map a trailkit finding to an OCSF 1.5.0 Detection Finding: `finding_info` (the finding's id, the rule's
 * title and description, the rule as the `analytic`, its ATT&CK techniques and tactics as `attacks`), the
 * rule's severity, one evidence per triggering event, and the cloud, actor, call and resources of the last
 * event. Activity Create, status New. Throws `OcsfMappingError` when neither the finding nor its last event
 * has a readable time.
 */
export function toDetectionFinding(finding: Finding, options?: OcsfOptions): OcsfDetectionFinding {
  return detectionFindingOf(finding, resolveOcsfOptions(options));
}

/** {@link toDetectionFinding} with validated options. */
export function detectionFindingOf(finding: Finding, o: ResolvedOcsfOptions): OcsfDetectionFinding {
  const events = finding.events ?? [];
  const last: TrailEvent = events[events.length - 1] ?? {};
  const time = epochMillis(finding.time) ?? eventTimeMillis(last);
  if (time === undefined) {
    throw new OcsfMappingError('OCSF_NO_TIME', `finding ${finding.id} has no readable time`);
  }
  const severity = severityOf(finding.severity);
  // one literal, without spreads (a fixed shape; see api-activity.ts)
  const record: OcsfDetectionFinding = {
    class_uid: 2004,
    class_name: 'Detection Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: 1,
    activity_name: 'Create',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    severity_id: severity.severity_id,
    severity: severity.severity,
    status_id: 1,
    status: 'New',
    is_alert: true,
    time,
    time_dt: new Date(time).toISOString(),
    message: finding.summary,
    metadata: {
      version: OCSF_VERSION,
      profiles: [...OCSF_FINDING_PROFILES],
      product: { name: 'trailkit', vendor_name: 'trailkit' },
      uid: finding.id,
    },
    finding_info: findingInfoOf(finding, events),
    cloud: cloudOf(last),
    evidences: events.map(evidenceOf),
  };
  if (events.length > 0) {
    record.actor = actorOf(last);
    record.api = apiOf(last);
    const resources = resourcesOf(last);
    if (resources) record.resources = resources;
  }
  if (o.unmapped) {
    const unmapped = unmappedOf(finding);
    if (unmapped) record.unmapped = unmapped;
  }
  if (o.rawData) {
    record.raw_data = JSON.stringify(finding);
    record.raw_data_size = record.raw_data.length;
  }
  return record;
}

function findingInfoOf(finding: Finding, events: readonly TrailEvent[]): OcsfFindingInfo {
  const rule = finding.rule;
  const info: OcsfFindingInfo = {
    uid: finding.id,
    title: rule.title,
    desc: rule.description ?? finding.summary,
    analytic: { uid: rule.id, name: rule.title, type_id: 1, type: 'Rule' },
  };
  if (rule.description !== undefined) info.analytic.desc = rule.description;
  const types = [rule.source, ...(rule.tags ?? []).filter((t) => !t.startsWith('attack:'))].filter(
    (t): t is string => typeof t === 'string' && t !== '',
  );
  if (types.length > 0) info.types = types;
  const attacks = attacksOf(rule);
  if (attacks) info.attacks = attacks;
  const url = rule.references?.find((r) => /^https?:\/\//.test(r));
  if (url !== undefined) info.src_url = url;
  let first = Number.POSITIVE_INFINITY;
  let lastSeen = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    const t = eventTimeMillis(e);
    if (t === undefined) continue;
    if (t < first) first = t;
    if (t > lastSeen) lastSeen = t;
  }
  if (Number.isFinite(first)) {
    info.first_seen_time = first;
    info.last_seen_time = lastSeen;
  }
  return info;
}

/** The finding's fields no attribute holds: the rule's references, author and false positives, the principal. */
function unmappedOf(finding: Finding): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const rule = finding.rule;
  if (rule.references?.length) out.references = rule.references;
  if (rule.author !== undefined) out.author = rule.author;
  if (rule.falsePositives?.length) out.falsePositives = rule.falsePositives;
  if (finding.principal !== undefined) out.principal = finding.principal;
  if (finding.action !== undefined) out.action = finding.action;
  return Object.keys(out).length > 0 ? out : undefined;
}
