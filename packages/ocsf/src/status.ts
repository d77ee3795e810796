/** The outcome of a call → OCSF `status_id`, `status`, `status_code`, `status_detail`. */
import type { TrailEvent } from '@trailkit/core';

/** An API Activity outcome. */
export interface Status {
  /** 1 Success, 2 Failure. */
  status_id: 1 | 2;
  status: 'Success' | 'Failure';
  /** The `errorCode` of a failed call. */
  status_code?: string;
  /** The `errorMessage` of a failed call. */
  status_detail?: string;
}

/**
 * Failure when the event has an `errorCode`, or is a sign-in whose `responseElements.ConsoleLogin` is
 * `Failure` (failed sign-ins carry only `errorMessage`); Success otherwise.
 */
export function statusOf(event: TrailEvent): Status {
  const code = typeof event.errorCode === 'string' && event.errorCode !== '' ? event.errorCode : undefined;
  const signInFailed = event.responseElements?.ConsoleLogin === 'Failure';
  if (code === undefined && !signInFailed) return { status_id: 1, status: 'Success' };
  const status: Status = { status_id: 2, status: 'Failure' };
  if (code !== undefined) status.status_code = code;
  if (typeof event.errorMessage === 'string') status.status_detail = event.errorMessage;
  return status;
}
