/**
 * The CloudTrail table as Athena sees it (the columns of AWS's "Creating the table for CloudTrail logs in
 * Athena using partition projection"), and how a record becomes a row: lower-case column and field names,
 * free-form objects kept as JSON strings, booleans as strings, absent values as NULL.
 */

/** A column type of the CloudTrail table. */
export type ColumnType =
  | { kind: 'string' }
  | { kind: 'map' }
  | { kind: 'struct'; fields: ReadonlyArray<readonly [string, ColumnType]> }
  | { kind: 'array'; element: ColumnType };

/** A value in a row: strings, NULL, structs (objects with every field), arrays and maps. */
export type RowValue = string | null | RowValue[] | { [key: string]: RowValue };

/** A row: column name → value. */
export type Row = Record<string, RowValue>;

const S: ColumnType = { kind: 'string' };
const struct = (...fields: Array<readonly [string, ColumnType]>): ColumnType => ({ kind: 'struct', fields });

/** The CloudTrail table's columns (not the partition columns), in table order. */
export const CLOUDTRAIL_COLUMNS: ReadonlyArray<readonly [string, ColumnType]> = [
  ['eventversion', S],
  [
    'useridentity',
    struct(
      ['type', S],
      ['principalid', S],
      ['arn', S],
      ['accountid', S],
      ['invokedby', S],
      ['accesskeyid', S],
      ['username', S],
      ['onbehalfof', struct(['userid', S], ['identitystorearn', S])],
      [
        'sessioncontext',
        struct(
          ['attributes', struct(['mfaauthenticated', S], ['creationdate', S])],
          [
            'sessionissuer',
            struct(['type', S], ['principalid', S], ['arn', S], ['accountid', S], ['username', S]),
          ],
          ['ec2roledelivery', S],
          ['webidfederationdata', struct(['federatedprovider', S], ['attributes', { kind: 'map' }])],
        ),
      ],
    ),
  ],
  ['eventtime', S],
  ['eventsource', S],
  ['eventname', S],
  ['awsregion', S],
  ['sourceipaddress', S],
  ['useragent', S],
  ['errorcode', S],
  ['errormessage', S],
  ['requestparameters', S],
  ['responseelements', S],
  ['additionaleventdata', S],
  ['requestid', S],
  ['eventid', S],
  ['readonly', S],
  ['resources', { kind: 'array', element: struct(['arn', S], ['accountid', S], ['type', S]) }],
  ['eventtype', S],
  ['apiversion', S],
  ['recipientaccountid', S],
  ['serviceeventdetails', S],
  ['sharedeventid', S],
  ['vpcendpointid', S],
  ['vpcendpointaccountid', S],
  ['eventcategory', S],
  ['addendum', struct(['reason', S], ['updatedfields', S], ['originalrequestid', S], ['originaleventid', S])],
  ['sessioncredentialfromconsole', S],
  ['edgedevicedetails', S],
  ['tlsdetails', struct(['tlsversion', S], ['ciphersuite', S], ['clientprovidedhostheader', S])],
];

/** The partition columns of the multi-account, multi-region table (`createTableSql` in source-athena). */
export const PARTITION_COLUMNS = ['account', 'region', 'timestamp'] as const;

/** Partition values of a row. */
export interface PartitionValues {
  account?: string;
  region?: string;
  /** `yyyy/MM/dd` */
  timestamp?: string;
}

/**
 * Turn a CloudTrail record into a row of the table, as the JSON SerDe reads it: keys matched case-insensitively,
 * objects in string columns kept as their JSON text, other scalars as strings. Partition values default to
 * the record's `recipientAccountId`, `awsRegion` and the `yyyy/MM/dd` of its `eventTime`.
 */
export function recordToRow(record: Record<string, unknown>, partitions: PartitionValues = {}): Row {
  const row: Row = {};
  const lower = lowerKeys(record);
  for (const [name, type] of CLOUDTRAIL_COLUMNS) row[name] = toValue(lower[name], type);
  const eventTime = typeof record.eventTime === 'string' ? record.eventTime : '';
  row.account = partitions.account ?? stringOrNull(record.recipientAccountId);
  row.region = partitions.region ?? stringOrNull(record.awsRegion);
  row.timestamp = partitions.timestamp ?? (eventTime ? eventTime.slice(0, 10).replaceAll('-', '/') : null);
  return row;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function lowerKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key.toLowerCase()] = item;
  return out;
}

function toValue(value: unknown, type: ColumnType): RowValue {
  if (value === undefined || value === null) return null;
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return null;
      const out: Record<string, RowValue> = {};
      for (const [key, item] of Object.entries(value)) out[key] = toValue(item, { kind: 'string' });
      return out;
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return null;
      const lower = lowerKeys(value as Record<string, unknown>);
      const out: Record<string, RowValue> = {};
      for (const [name, fieldType] of type.fields) out[name] = toValue(lower[name], fieldType);
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => toValue(item, type.element)) : null;
  }
}

/**
 * Render a value the way Athena renders it in `GetQueryResults`: strings as they are, structs and maps as
 * `{name=value, other=null}`, arrays as `[a, b]`. NULL is not rendered (the cell has no `VarCharValue`).
 */
export function renderValue(value: RowValue): string | undefined {
  if (value === null) return undefined;
  return render(value);
}

function render(value: RowValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${key}=${render(item)}`)
    .join(', ')}}`;
}

/** Athena's type name of a column (as in `ResultSetMetadata.ColumnInfo[].Type`). */
export function typeName(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return 'varchar';
    case 'map':
      return 'map(varchar, varchar)';
    case 'struct':
      return `row(${type.fields.map(([name, field]) => `${name} ${typeName(field)}`).join(', ')})`;
    case 'array':
      return `array(${typeName(type.element)})`;
  }
}

/** The type of a column by name, partition columns included (`varchar`). */
export function columnType(name: string): ColumnType | undefined {
  if ((PARTITION_COLUMNS as readonly string[]).includes(name)) return S;
  return CLOUDTRAIL_COLUMNS.find(([column]) => column === name)?.[1];
}
