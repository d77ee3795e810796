/**
 * Errors thrown by `@trailkit/ocsf`. Option errors are core's `ConfigError`; an item that cannot be written
 * as an OCSF record is an {@link OcsfMappingError}.
 */
import { TrailkitError } from '@trailkit/core';
import { hasErrorKind } from '@trailkit/core/plugin';

/** Codes of {@link OcsfMappingError}. */
export type OcsfMappingErrorCode =
  /** The event's `eventTime` (or `@timestamp`) is missing or is not a date: OCSF requires `time`. */
  'OCSF_NO_TIME';

/**
 * Thrown when an event or finding lacks what every OCSF record requires (a time). `eventID` names the event
 * when it has one.
 */
export class OcsfMappingError extends TrailkitError {
  static override readonly kind: string = 'OcsfMappingError';
  declare readonly code: OcsfMappingErrorCode;
  /** The `eventID` of the event that could not be mapped, when it has one. */
  readonly eventID: string | undefined;

  constructor(code: OcsfMappingErrorCode, message: string, eventID?: string) {
    super(code, message);
    this.name = 'OcsfMappingError';
    this.eventID = eventID;
  }

  /** True for an {@link OcsfMappingError} from any copy of the package. */
  static override isInstance(error: unknown): error is OcsfMappingError {
    return hasErrorKind(error, OcsfMappingError.kind);
  }
}
