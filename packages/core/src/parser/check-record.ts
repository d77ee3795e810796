import type { ParseErrorCode } from '../errors';
import { hasRequiredFields, missingFields } from '../event/required-fields';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_KEYS, limitDetail, overLimits, type RecordLimits } from './limits';

/** What a parsed record is checked for before it is delivered as an event. */
export interface RecordChecks extends RecordLimits {
  /** Require the fields every CloudTrail event has (`eventVersion`, `eventID`, `eventTime` or `@timestamp`). */
  readonly requireFields: boolean;
}

/** The checks `parse()` makes by default. */
export const DEFAULT_CHECKS: RecordChecks = {
  maxDepth: DEFAULT_MAX_DEPTH,
  maxKeys: DEFAULT_MAX_KEYS,
  requireFields: true,
};

/** Why a parsed record is not delivered. */
export interface RecordFault {
  /** `PARSE_NOT_CLOUDTRAIL`, `PARSE_TOO_DEEP` or `PARSE_TOO_MANY_KEYS`. */
  readonly code: ParseErrorCode;
  /** What is wrong, for the error message (e.g. `the record is not a CloudTrail event (no eventID)`). */
  readonly detail: string;
}

/**
 * Whether a parsed record (already known to be a plain object) can be delivered as an event: it has the
 * required fields (unless `requireFields` is off) and is within the depth and keys limits. The cheap
 * check for the window fast paths; {@link recordFault} says why not.
 */
export function isDeliverable(record: Record<string, unknown>, checks: RecordChecks): boolean {
  return (!checks.requireFields || hasRequiredFields(record)) && overLimits(record, checks) === undefined;
}

/**
 * Why a parsed record (a plain object) cannot be delivered as an event, or `undefined` if it can: the
 * check `parse()` makes on every record, for code that builds records itself (e.g. from query rows) and
 * wants the same rule. Its depth recursion is bounded by `maxDepth`.
 */
export function recordFault(record: Record<string, unknown>, checks: RecordChecks): RecordFault | undefined {
  if (checks.requireFields && !hasRequiredFields(record)) {
    return {
      code: 'PARSE_NOT_CLOUDTRAIL',
      detail: `the record is not a CloudTrail event (no ${missingFields(record).join(', ')})`,
    };
  }
  const over = overLimits(record, checks);
  return over === undefined ? undefined : { code: over, detail: limitDetail(over, checks) };
}
