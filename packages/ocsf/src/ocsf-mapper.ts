/** One mapper for both kinds of item a pipeline carries: events and findings. */
import type { Finding, TrailEvent } from '@trailkit/core';
import { apiActivityOf } from './api-activity';
import { detectionFindingOf } from './detection-finding';
import { type OcsfOptions, resolveOcsfOptions } from './options';
import type { OcsfApiActivity, OcsfDetectionFinding } from './types';

/** An OCSF record trailkit writes. */
export type OcsfRecord = OcsfApiActivity | OcsfDetectionFinding;

/** Maps events and findings with options validated once. */
export interface OcsfMapper {
  /** An event as API Activity. */
  apiActivity(event: TrailEvent): OcsfApiActivity;
  /** A finding as Detection Finding. */
  detectionFinding(finding: Finding): OcsfDetectionFinding;
  /** A finding (`kind: 'finding'`) as Detection Finding, anything else as API Activity. */
  map(item: TrailEvent | Finding): OcsfRecord;
  /** {@link OcsfMapper.map} of each item, one JSON document per line, each ending in `\n`. */
  lines(items: readonly (TrailEvent | Finding)[]): string;
}

/** Whether an item is a finding (rather than an event). */
export const isFinding = (item: TrailEvent | Finding): item is Finding =>
  (item as { kind?: unknown }).kind === 'finding';

/**
 * A mapper with validated options (throws core's `ConfigError` for bad ones): build it once, map many items.
 */
export function ocsfMapper(options?: OcsfOptions): OcsfMapper {
  const o = resolveOcsfOptions(options);
  const map = (item: TrailEvent | Finding): OcsfRecord =>
    isFinding(item) ? detectionFindingOf(item, o) : apiActivityOf(item as TrailEvent, o);
  return {
    apiActivity: (event) => apiActivityOf(event, o),
    detectionFinding: (finding) => detectionFindingOf(finding, o),
    map,
    lines(items) {
      let text = '';
      for (const item of items) text += `${JSON.stringify(map(item))}\n`;
      return text;
    },
  };
}
