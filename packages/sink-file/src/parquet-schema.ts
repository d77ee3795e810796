/**
 * The Parquet columns of events and findings, and how an item becomes a row. CloudTrail's top-level
 * scalars are typed columns (`eventTime` a UTC timestamp, flags booleans, the rest strings); the two
 * fixed-shape objects are structs (`userIdentity`, `tlsDetails`), as in Athena's CloudTrail table; the
 * free-form objects are JSON text (`requestParameters`, `responseElements`, `additionalEventData`,
 * `resources`, ...), as Athena's table treats them. Fields outside the schema are kept in `extraFields`
 * (JSON), so nothing of an event is lost.
 */
import type { Finding, TrailEvent } from '@trailkit/core';

/**
 * What a column holds: `string` (UTF-8), `timestamp` (INT64 milliseconds, UTC-adjusted), `boolean`, `json`
 * (UTF-8 JSON text), `struct` (a group of `string`/`json` fields).
 */
export type ParquetColumnKind = 'string' | 'timestamp' | 'boolean' | 'json' | 'struct';

/** A column (or a struct's field) of the Parquet files `fileSink({ format: 'parquet' })` writes. */
export interface ParquetColumn {
  /** The column's name, as in the CloudTrail record (case kept). */
  name: string;
  /** What it holds. */
  kind: ParquetColumnKind;
  /** The fields of a `struct` column (strings or JSON text). */
  fields?: readonly ParquetColumn[];
}

const s = (name: string): ParquetColumn => ({ name, kind: 'string' });
const j = (name: string): ParquetColumn => ({ name, kind: 'json' });

/** `userIdentity` as a struct: its scalar fields, and `sessionContext`/`onBehalfOf` as JSON text. */
const USER_IDENTITY_FIELDS: readonly ParquetColumn[] = [
  s('type'),
  s('principalId'),
  s('arn'),
  s('accountId'),
  s('accessKeyId'),
  s('userName'),
  s('invokedBy'),
  s('identityProvider'),
  s('credentialId'),
  j('sessionContext'),
  j('onBehalfOf'),
];

const TLS_DETAILS_FIELDS: readonly ParquetColumn[] = [
  s('tlsVersion'),
  s('cipherSuite'),
  s('clientProvidedHostHeader'),
];

/** The columns of an event file, in order. */
export const EVENT_PARQUET_COLUMNS: readonly ParquetColumn[] = [
  { name: 'eventTime', kind: 'timestamp' },
  s('eventVersion'),
  { name: 'userIdentity', kind: 'struct', fields: USER_IDENTITY_FIELDS },
  s('eventSource'),
  s('eventName'),
  s('awsRegion'),
  s('sourceIPAddress'),
  s('userAgent'),
  s('errorCode'),
  s('errorMessage'),
  j('requestParameters'),
  j('responseElements'),
  j('additionalEventData'),
  s('requestID'),
  s('eventID'),
  s('eventType'),
  s('apiVersion'),
  { name: 'readOnly', kind: 'boolean' },
  { name: 'managementEvent', kind: 'boolean' },
  j('resources'),
  s('recipientAccountId'),
  j('serviceEventDetails'),
  s('sharedEventID'),
  s('vpcEndpointId'),
  s('vpcEndpointAccountId'),
  s('eventCategory'),
  s('sessionCredentialFromConsole'),
  { name: 'tlsDetails', kind: 'struct', fields: TLS_DETAILS_FIELDS },
  j('addendum'),
  j('edgeDeviceDetails'),
  j('insightDetails'),
  j('extraFields'),
];

/** The columns of a finding file, in order. */
export const FINDING_PARQUET_COLUMNS: readonly ParquetColumn[] = [
  { name: 'time', kind: 'timestamp' },
  s('severity'),
  s('ruleId'),
  s('ruleTitle'),
  s('summary'),
  s('principal'),
  s('action'),
  s('account'),
  s('region'),
  s('sourceIPAddress'),
  j('attack'),
  j('eventIDs'),
  s('id'),
  j('finding'),
];

/** A row: column name to value (`null` when absent). */
export type ParquetRow = Record<string, unknown>;

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

function timestamp(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Copy `fields` of `value` into a struct; keys it does not know go to `rest`. */
function struct(
  value: unknown,
  fields: readonly ParquetColumn[],
  rest: Record<string, unknown>,
): ParquetRow | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    rest.value = value;
    return null;
  }
  const row: ParquetRow = {};
  const known = new Set<string>();
  for (const f of fields) {
    known.add(f.name);
    const v = (value as Record<string, unknown>)[f.name];
    row[f.name] = f.kind === 'json' ? json(v) : scalar(v, f, rest);
  }
  for (const [k, v] of Object.entries(value)) if (!known.has(k)) rest[k] = v;
  return row;
}

/** A string or boolean column's value; a value of another type goes to `rest` as it is. */
function scalar(v: unknown, column: ParquetColumn, rest: Record<string, unknown>): unknown {
  if (v === undefined || v === null) return null;
  const wanted = column.kind === 'boolean' ? 'boolean' : 'string';
  if (typeof v === wanted) return v;
  rest[column.name] = v;
  return null;
}

/** An event as a row of {@link EVENT_PARQUET_COLUMNS}. */
export function eventRow(event: TrailEvent): ParquetRow {
  const row: ParquetRow = {};
  const extra: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const c of EVENT_PARQUET_COLUMNS) {
    known.add(c.name);
    const v = event[c.name];
    if (c.kind === 'timestamp') {
      row[c.name] = timestamp(v);
      if (row[c.name] === null && v !== undefined) extra[c.name] = v;
    } else if (c.kind === 'json') {
      row[c.name] = c.name === 'extraFields' ? null : json(v);
    } else if (c.kind === 'struct') {
      const rest: Record<string, unknown> = {};
      row[c.name] = struct(v, c.fields ?? [], rest);
      if (Object.keys(rest).length > 0) extra[c.name] = rest;
    } else {
      row[c.name] = scalar(v, c, extra);
    }
  }
  for (const [k, v] of Object.entries(event)) if (!known.has(k) && v !== undefined) extra[k] = v;
  row.extraFields = Object.keys(extra).length > 0 ? JSON.stringify(extra) : null;
  return row;
}

/** A finding as a row of {@link FINDING_PARQUET_COLUMNS}: the main fields as columns, the whole as JSON. */
export function findingRow(finding: Finding): ParquetRow {
  return {
    time: timestamp(finding.time),
    severity: finding.severity ?? null,
    ruleId: finding.rule?.id ?? null,
    ruleTitle: finding.rule?.title ?? null,
    summary: finding.summary ?? null,
    principal: finding.principal ?? null,
    action: finding.action ?? null,
    account: finding.account ?? null,
    region: finding.region ?? null,
    sourceIPAddress: finding.sourceIPAddress ?? null,
    attack: json(finding.rule?.attack),
    eventIDs: json(finding.events.map((e) => e.eventID ?? null)),
    id: finding.id ?? null,
    finding: JSON.stringify(finding),
  };
}

/** Whether an item is a finding (its rows use {@link FINDING_PARQUET_COLUMNS}). */
export const isFinding = (item: TrailEvent | Finding): item is Finding =>
  (item as Finding).kind === 'finding';
