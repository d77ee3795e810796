/**
 * Items to CSV (RFC 4180: comma separated, `"` quoted and doubled, CRLF records) through `csv-stringify`:
 * flattened columns chosen for analysts, one header per file.
 */
import type { Finding, TrailEvent } from '@trailkit/core';
import { stringify } from 'csv-stringify/sync';

/** A CSV column: its header and how a value is read from an item. */
export interface CsvColumn<T> {
  header: string;
  value: (item: T) => unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? '' : JSON.stringify(v));

/**
 * The columns of an event row: when, what, where, who (flattened `userIdentity`), the outcome, the ids, and
 * the request, response and resources as JSON text.
 */
export const EVENT_CSV_COLUMNS: readonly CsvColumn<TrailEvent>[] = [
  { header: 'eventTime', value: (e) => e.eventTime },
  { header: 'eventSource', value: (e) => e.eventSource },
  { header: 'eventName', value: (e) => e.eventName },
  { header: 'awsRegion', value: (e) => e.awsRegion },
  { header: 'sourceIPAddress', value: (e) => e.sourceIPAddress },
  { header: 'userAgent', value: (e) => e.userAgent },
  { header: 'userIdentity.type', value: (e) => e.userIdentity?.type },
  { header: 'userIdentity.arn', value: (e) => e.userIdentity?.arn },
  { header: 'userIdentity.accountId', value: (e) => e.userIdentity?.accountId },
  { header: 'userIdentity.principalId', value: (e) => e.userIdentity?.principalId },
  { header: 'userIdentity.userName', value: (e) => e.userIdentity?.userName },
  { header: 'userIdentity.accessKeyId', value: (e) => e.userIdentity?.accessKeyId },
  {
    header: 'userIdentity.sessionContext.sessionIssuer.arn',
    value: (e) => e.userIdentity?.sessionContext?.sessionIssuer?.arn,
  },
  { header: 'userIdentity.invokedBy', value: (e) => e.userIdentity?.invokedBy },
  { header: 'recipientAccountId', value: (e) => e.recipientAccountId },
  { header: 'errorCode', value: (e) => e.errorCode },
  { header: 'errorMessage', value: (e) => e.errorMessage },
  { header: 'readOnly', value: (e) => e.readOnly },
  { header: 'eventType', value: (e) => e.eventType },
  { header: 'eventCategory', value: (e) => e.eventCategory },
  { header: 'managementEvent', value: (e) => e.managementEvent },
  { header: 'eventID', value: (e) => e.eventID },
  { header: 'requestID', value: (e) => e.requestID },
  { header: 'requestParameters', value: (e) => json(e.requestParameters) },
  { header: 'responseElements', value: (e) => json(e.responseElements) },
  { header: 'resources', value: (e) => json(e.resources) },
];

/** The columns of a finding row: when, how bad, which rule, who did what where, and the event ids. */
export const FINDING_CSV_COLUMNS: readonly CsvColumn<Finding>[] = [
  { header: 'time', value: (f) => f.time },
  { header: 'severity', value: (f) => f.severity },
  { header: 'rule.id', value: (f) => f.rule.id },
  { header: 'rule.title', value: (f) => f.rule.title },
  { header: 'summary', value: (f) => f.summary },
  { header: 'principal', value: (f) => f.principal },
  { header: 'action', value: (f) => f.action },
  { header: 'account', value: (f) => f.account },
  { header: 'region', value: (f) => f.region },
  { header: 'sourceIPAddress', value: (f) => f.sourceIPAddress },
  { header: 'attack.techniques', value: (f) => f.rule.attack?.techniques.join(' ') },
  { header: 'attack.tactics', value: (f) => f.rule.attack?.tactics.join(' ') },
  { header: 'eventIDs', value: (f) => f.events.map((e) => e.eventID ?? '').join(' ') },
  { header: 'id', value: (f) => f.id },
];

const isFinding = (item: TrailEvent | Finding): item is Finding => (item as Finding).kind === 'finding';

/** A cell: strings as they are, numbers and booleans as text, anything else as JSON, missing as empty. */
function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The header record of a CSV file whose first item is `first` (events and findings have their own columns). */
export function csvHeader(first: TrailEvent | Finding): string {
  const columns = isFinding(first) ? FINDING_CSV_COLUMNS : EVENT_CSV_COLUMNS;
  return stringify([columns.map((c) => c.header)], { record_delimiter: 'windows' });
}

/**
 * CSV records for the items (no header; see {@link csvHeader}), each with the columns of its kind: write
 * one kind per file (`partitionBy` with `{kind}` when a run writes both).
 */
export function encodeCsvRecords(items: readonly (TrailEvent | Finding)[]): string {
  const rows = items.map((item) =>
    isFinding(item)
      ? FINDING_CSV_COLUMNS.map((c) => cellOf(c.value(item)))
      : EVENT_CSV_COLUMNS.map((c) => cellOf(c.value(item))),
  );
  return stringify(rows, { record_delimiter: 'windows' });
}
