import type { TrailEvent } from '../event/trail-event';
import { principalOf } from './describe-event';

/** How a stateful detector groups events: a built-in key or your own function. */
export type GroupBy =
  | 'principal'
  | 'userName'
  | 'sourceIPAddress'
  | 'account'
  | 'action'
  | ((event: TrailEvent) => string | undefined);

/** Compile a {@link GroupBy} to a key function (undefined: the event is ignored). */
export function groupKey(by: GroupBy): (event: TrailEvent) => string | undefined {
  if (typeof by === 'function') return by;
  switch (by) {
    case 'principal':
      return principalOf;
    case 'userName':
      return (e) => e.userIdentity?.userName ?? e.userIdentity?.arn;
    case 'sourceIPAddress':
      return (e) => e.sourceIPAddress;
    case 'account':
      return (e) => e.recipientAccountId ?? e.userIdentity?.accountId;
    case 'action':
      return (e) => (e.eventSource && e.eventName ? `${e.eventSource}:${e.eventName}` : undefined);
  }
}
