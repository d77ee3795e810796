import { recordToRow, renderValue } from '@trailkit/testing';
import { describe, expect, it } from 'vitest';
import { invictusRecords, stratusRecords } from '../test/fixtures';
import { CLOUDTRAIL_COLUMNS } from './cloudtrail-columns';
import { RowMappingError } from './errors';
import { rowToEvent } from './row-to-event';

const NAMES = [...CLOUDTRAIL_COLUMNS.map((c) => c.column), 'account', 'region', 'timestamp'];

/** What survives the CloudTrail table: the table's fields, without explicit nulls. */
function expected(record: Record<string, any>): Record<string, unknown> {
  const fields = new Set(CLOUDTRAIL_COLUMNS.map((c) => c.field));
  const prune = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item) => prune(item) ?? null);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = prune(v);
      return out;
    }
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!fields.has(key) || value === null) continue;
    // Free-form JSON columns are kept verbatim (nulls inside them included).
    out[key] = [
      'requestParameters',
      'responseElements',
      'additionalEventData',
      'serviceEventDetails',
      'edgeDeviceDetails',
    ].includes(key)
      ? value
      : prune(value);
  }
  return out;
}

describe('rowToEvent', () => {
  it('maps every real record back from its Athena rendering (camelCase, structs, JSON columns, booleans)', () => {
    const records = [...invictusRecords(), ...stratusRecords()];
    let compared = 0;
    for (const record of records) {
      const row = recordToRow(record);
      const cells = NAMES.map((name) => renderValue(row[name] ?? null));
      const event = rowToEvent(NAMES, cells);
      const want = expected(record);
      // Struct fields the table does not declare (e.g. newer userIdentity fields) are not in the row.
      const identity = want.userIdentity as Record<string, unknown> | undefined;
      if (identity) {
        for (const key of Object.keys(identity)) {
          if (
            ![
              'type',
              'principalId',
              'arn',
              'accountId',
              'invokedBy',
              'accessKeyId',
              'userName',
              'onBehalfOf',
              'sessionContext',
            ].includes(key)
          )
            delete identity[key];
        }
        const sc = identity.sessionContext as Record<string, unknown> | undefined;
        if (sc)
          for (const key of Object.keys(sc))
            if (!['attributes', 'sessionIssuer', 'ec2RoleDelivery', 'webIdFederationData'].includes(key))
              delete sc[key];
        if (sc && Object.keys(sc).length === 0) delete identity.sessionContext;
      }
      expect(event).toEqual(want);
      compared += 1;
    }
    expect(compared).toBe(records.length);
  });

  it('names the column of a malformed JSON cell', () => {
    expect(() => rowToEvent(['eventid', 'requestparameters'], ['1', '{"a":'])).toThrow(RowMappingError);
    expect(() => rowToEvent(['requestparameters'], ['{"a":'])).toThrow(
      /column requestparameters: not valid JSON/,
    );
  });

  it('drops partition columns and NULL cells, keeps unknown columns', () => {
    expect(
      rowToEvent(['eventname', 'errorcode', 'region', 'n'], ['ListBuckets', undefined, 'us-east-1', '3']),
    ).toEqual({
      eventName: 'ListBuckets',
      n: '3',
    });
  });
});
