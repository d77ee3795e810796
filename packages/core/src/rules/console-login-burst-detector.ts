import { attackFromTags } from './attack';
import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { BoundedMap } from './bounded-map';
import { eventMillis } from './event-time';
import { makeFinding } from './finding';
import type { Detector, RuleMeta } from './types';

/** Options of {@link consoleLoginBurstDetector}. */
export interface ConsoleLoginBurstOptions {
  /** Failed sign-ins needed before the success (default 3). */
  failures?: number;
  /** The failures and the success must fall within this many seconds (default 900). */
  windowSeconds?: number;
  /** Most users tracked at once (default 10000). */
  maxKeys?: number;
  /** Rule metadata (defaults to `threats.console-login-after-failures`, high). */
  rule?: Partial<RuleMeta>;
}

function isConsoleLogin(e: TrailEvent): boolean {
  return e.eventName === 'ConsoleLogin' && e.eventSource === 'signin.amazonaws.com';
}

function loginResult(e: TrailEvent): 'Success' | 'Failure' | undefined {
  const r = (e.responseElements as { ConsoleLogin?: unknown } | null | undefined)?.ConsoleLogin;
  if (r === 'Success' || r === 'Failure') return r;
  if (e.errorMessage === 'Failed authentication') return 'Failure';
  return undefined;
}

function userKey(e: TrailEvent): string | undefined {
  const id = e.userIdentity;
  return (
    id?.arn ?? (id?.userName ? `${id.accountId ?? e.recipientAccountId ?? '?'}:${id.userName}` : undefined)
  );
}

/**
 * A stateful detector: `failures` or more failed console sign-ins for one user followed by a successful
 * one, all within `windowSeconds` (a password guessed or sprayed). Per user it keeps at most `failures`
 * failure times; users are capped at `maxKeys` (least recently seen evicted).
 */
export function consoleLoginBurstDetector(options: ConsoleLoginBurstOptions = {}): Detector {
  const failures = options.failures ?? 3;
  const windowSeconds = options.windowSeconds ?? 900;
  const maxKeys = options.maxKeys ?? 10_000;
  const where = 'consoleLoginBurstDetector';
  if (!Number.isInteger(failures) || failures < 1)
    throw new ConfigError(where, 'failures: expected an integer >= 1');
  if (!(windowSeconds > 0)) throw new ConfigError(where, 'windowSeconds: expected a number > 0');
  if (!Number.isInteger(maxKeys) || maxKeys < 1)
    throw new ConfigError(where, 'maxKeys: expected an integer >= 1');
  const meta: RuleMeta = {
    id: 'threats.console-login-after-failures',
    title: 'Console sign-in succeeded after repeated failures',
    severity: 'high',
    description: `${failures} or more failed console sign-ins for one user, then a success, within ${windowSeconds}s.`,
    tags: ['threats', 'attack:T1110'],
    attack: attackFromTags(['attack:T1110'])!,
    source: 'threats',
    ...options.rule,
  };
  const windowMs = windowSeconds * 1000;
  const state = new BoundedMap<string, Array<{ t: number; event: TrailEvent }>>(maxKeys);

  return {
    id: meta.id,
    meta,
    // other events never touch the state: an index may skip them
    eventNames: ['ConsoleLogin'],
    eventSources: ['signin.amazonaws.com'],
    process(event) {
      if (!isConsoleLogin(event)) return undefined;
      const result = loginResult(event);
      const key = userKey(event);
      const t = eventMillis(event);
      if (!result || key === undefined || t === undefined) return undefined;
      const list = state.get(key) ?? [];
      if (result === 'Failure') {
        let i = list.length;
        while (i > 0 && list[i - 1]!.t > t) i--;
        list.splice(i, 0, { t, event });
        while (list.length > failures) list.shift();
        state.set(key, list);
        return undefined;
      }
      const before = list.filter((x) => x.t <= t && x.t >= t - windowMs);
      if (before.length < failures) return undefined;
      state.delete(key);
      const events = [...before.map((x) => x.event), event];
      const name = event.userIdentity?.userName ?? key;
      return [
        makeFinding(meta, events, {
          summary: `${name} signed in to the console from ${event.sourceIPAddress ?? '?'} after ${before.length} failed attempts within ${Math.round((t - before[0]!.t) / 1000)}s`,
        }),
      ];
    },
  };
}
