/**
 * Which date partitions can hold the events of a time range.
 *
 * The `timestamp` partition of the CloudTrail table is the day of the S3 folder a log file was delivered to
 * (`…/CloudTrail/<region>/YYYY/MM/DD/`), not the day of each event in it. CloudTrail delivers a file up to
 * about 15 minutes after its events (the same slack `s3Source`'s `lookBackMinutes` allows), so an event at
 * 23:55 can sit in the next day's folder: the last partition is the day of `until + delay`. No event is
 * delivered before it happens, so the first partition stays the day of `since` (an event at 23:58 on the day
 * before `since` is in an earlier partition, but outside the time range anyway). The exact range is still
 * applied to `eventtime`.
 */

/** Minutes CloudTrail may take to deliver an event after it happened (default of `deliveryDelayMinutes`). */
export const CLOUDTRAIL_DELIVERY_DELAY_MINUTES = 15;

/** Inclusive `yyyy/MM/dd` bounds of the date partitions to scan. */
export interface PartitionDateRange {
  /** The first partition: the day of `since`. */
  from: string;
  /** The last partition: the day of the last instant before `until`, plus the delivery delay. */
  to: string;
}

/**
 * The date partitions that can hold events of `[since, until)` (epoch ms), for a delivery delay in minutes.
 */
export function partitionDateRange(since: number, until: number, delayMinutes: number): PartitionDateRange {
  const lastEvent = Math.max(since, until - 1);
  return { from: partitionDate(since), to: partitionDate(lastEvent + delayMinutes * 60_000) };
}

/** The `yyyy/MM/dd` partition value of a UTC time. */
function partitionDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
}
