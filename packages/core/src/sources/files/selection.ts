import { eventTimeWithin } from '../../event/event-time';
import type { TrailEvent } from '../../event/trail-event';
import { dateRange, isSkippedKind, type LayoutInfo, layoutOf } from './layout';
import type { ResolvedFilesOptions } from './options';

/** CloudTrail delivers most files within minutes; date folders are kept this long past `until`. */
export const DELIVERY_SLACK_MS = 60 * 60 * 1000;
/** File names carry the delivery time rounded to 5 minutes. */
const FILE_WINDOW_MS = 5 * 60 * 1000;

/** Which folders, files and events the options select. */
export class Selection {
  readonly #o: ResolvedFilesOptions;

  constructor(options: ResolvedFilesOptions) {
    this.#o = options;
  }

  /**
   * The event filter for one file, or `undefined` when it keeps everything. Accounts and regions are
   * decided by the file's `AWSLogs/` folders when it has them (the account whose trail delivered the file),
   * and by `recipientAccountId` / `awsRegion` otherwise (events lacking those fields are kept). Time is
   * decided by the event's time, `eventTime` or else `@timestamp` (`eventTimeWithin`, the rule every source
   * uses): with `since` or `until` set, an event without a readable time is dropped.
   */
  eventFilter(path: string): ((event: TrailEvent) => boolean) | undefined {
    const o = this.#o;
    const info = layoutOf(path);
    const accounts = info?.account === undefined ? o.accounts : undefined;
    const regions = info?.region === undefined ? o.regions : undefined;
    const { since, until } = o;
    if (!accounts && !regions && since === undefined && until === undefined) return undefined;
    return (event) => {
      if (accounts) {
        const account = event.recipientAccountId ?? event.userIdentity?.accountId;
        if (typeof account === 'string' && !accounts.has(account)) return false;
      }
      if (regions && typeof event.awsRegion === 'string' && !regions.has(event.awsRegion)) return false;
      return eventTimeWithin(event, since, until);
    };
  }

  /** False when a folder (by its place in the `AWSLogs/` layout) cannot hold a selected event. */
  keepDirectory(path: string): boolean {
    const info = layoutOf(path);
    return info === undefined || this.#keepLayout(info);
  }

  /** False when a file (by its place in the layout and its name) cannot hold a selected event. */
  keepFile(path: string): boolean {
    const info = layoutOf(path);
    if (info === undefined) return true;
    if (!this.#keepLayout(info)) return false;
    const { since, until } = this.#o;
    if (info.fileTime !== undefined) {
      if (since !== undefined && info.fileTime + FILE_WINDOW_MS <= since) return false;
      if (until !== undefined && info.fileTime >= until + DELIVERY_SLACK_MS) return false;
    }
    return true;
  }

  #keepLayout(info: LayoutInfo): boolean {
    const o = this.#o;
    if (info.account !== undefined && o.accounts && !o.accounts.has(info.account)) return false;
    if (info.kind !== undefined && isSkippedKind(info.kind)) return false;
    if (info.region !== undefined && o.regions && !o.regions.has(info.region)) return false;
    const range = dateRange(info);
    if (range) {
      if (o.since !== undefined && range.end <= o.since) return false;
      if (o.until !== undefined && range.start >= o.until + DELIVERY_SLACK_MS) return false;
    }
    return true;
  }
}
