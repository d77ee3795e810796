import type { TrailEvent } from './trail-event';

/** Where an event came from. Attached to each parsed event without copying the record. */
export interface EventOrigin {
  /** The source that produced it, e.g. `files`, `s3`, `cloudwatch-logs`. */
  source: string;
  /** The file path, object URI (`s3://bucket/key`), log stream or query id. */
  object: string;
  /** Zero-based index of the record within its object. */
  index: number;
  /** The `id` of the EventBridge event the record came wrapped in (absent for records read bare). */
  envelopeId?: string;
  /** The AWS account the event was read from, for multi-account reads (`multiAccountSource`). */
  account?: string;
  /** The role assumed in that account to read it, e.g. `arn:aws:iam::111122223333:role/TrailkitAudit`. */
  role?: string;
}

const ORIGIN: unique symbol = Symbol.for('trailkit.origin');

/**
 * Attach an origin to an event (a non-enumerable symbol property: `JSON.stringify`, `Object.keys` and
 * deep equality ignore it). Returns the same event.
 */
export function setOrigin<T extends object>(event: T, origin: EventOrigin): T {
  Object.defineProperty(event, ORIGIN, {
    value: origin,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  return event;
}

/** The origin attached by the parser or a source, or `undefined` for events built by hand. */
export function getOrigin(event: TrailEvent | object): EventOrigin | undefined {
  return (event as { [ORIGIN]?: EventOrigin })[ORIGIN];
}
