import { type CloudTrailFilters, type CompiledFilters, compileFilters, type ExactField } from './filters';
import { alias, LAKE_FIELDS } from './lake-columns';
import { type LakeSql, lakeJoin, lakeList, lakeSql, renderLakeSql, trustedLakeSql } from './lake-sql';

/** The Lake column of each `where()` field pushed down as `IN (...)`. */
const COLUMNS: Record<ExactField, string> = {
  eventName: 'eventName',
  eventSource: 'eventSource',
  accessKeyId: 'userIdentity.accessKeyId',
  eventType: 'eventType',
  eventCategory: 'eventCategory',
  errorCode: 'errorCode',
  principal: 'userIdentity.arn',
  region: 'awsRegion',
  sourceIPAddress: 'sourceIPAddress',
  userIdentityType: 'userIdentity.type',
};

/** The event data store's ID (the last part of its ARN), checked to be plain SQL text. */
export function eventDataStoreId(eventDataStore: string): string {
  const id = eventDataStore.slice(eventDataStore.lastIndexOf('/') + 1);
  if (!/^[A-Za-z0-9-]{1,128}$/.test(id)) {
    throw new TypeError(`not an event data store ID: ${JSON.stringify(eventDataStore)}`);
  }
  return id;
}

/** `eventTime` bound as Lake compares it: `'YYYY-MM-DD HH:MM:SS'` (UTC). */
export function lakeTimeLiteral(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A built Lake statement and what was pushed down. */
export interface LakeQuery {
  statement: string;
  /** The WHERE conditions, in order (for tests and logs). */
  conditions: string[];
}

/**
 * The Lake statement for the filters: the selected fields (aliased `c0…`), the time range and every exact
 * value set the filters require pushed into `WHERE` (ANDed, each one a superset of what passes locally), in
 * `eventTime` order. The filters still run locally on every row.
 */
export function buildLakeQuery(eventDataStore: string, filters: CompiledFilters): LakeQuery {
  const select = LAKE_FIELDS.map((f, i) => `${f.path.join('.')} AS ${alias(i)}`).join(', ');
  const conditions: LakeSql[] = [];
  if (filters.since !== undefined) conditions.push(lakeSql`eventTime >= ${lakeTimeLiteral(filters.since)}`);
  if (filters.until !== undefined) {
    // until is exclusive to the millisecond; Lake compares whole seconds here, so round up (local filter is exact)
    conditions.push(lakeSql`eventTime < ${lakeTimeLiteral(Math.ceil(filters.until / 1000) * 1000)}`);
  }
  for (const [field, values] of Object.entries(filters.exact) as Array<[ExactField, ReadonlySet<string>]>) {
    conditions.push(lakeSql`${trustedLakeSql(COLUMNS[field])} IN ${lakeList(values)}`);
  }
  if (filters.readOnly !== undefined)
    conditions.push(trustedLakeSql(`readOnly = ${String(filters.readOnly)}`));
  if (filters.errorsOnly) conditions.push(trustedLakeSql('errorCode IS NOT NULL'));
  const from = trustedLakeSql(eventDataStoreId(eventDataStore));
  const where = conditions.length > 0 ? lakeSql` WHERE ${lakeJoin(conditions, ' AND ')}` : lakeSql``;
  const statement = renderLakeSql(
    lakeSql`SELECT ${trustedLakeSql(select)} FROM ${from}${where} ORDER BY eventTime, eventID`,
  );
  return { statement, conditions: conditions.map(renderLakeSql) };
}

/**
 * The Lake statement `cloudTrailLakeSource` would run for these filters (to review it, or to run it
 * yourself in the console).
 */
export function lakeStatement(eventDataStore: string, filters: CloudTrailFilters = {}): string {
  return buildLakeQuery(eventDataStore, compileFilters(filters, 'lakeStatement')).statement;
}
