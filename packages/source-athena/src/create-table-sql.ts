import { ConfigError } from '@trailkit/core';
import { athenaName } from './athena-names';
import { CLOUDTRAIL_COLUMNS, ddlType } from './cloudtrail-columns';

/** Options of {@link createTableSql}. */
export interface CreateTableOptions {
  /** Database to create the table in (left out of the DDL when not given; an Athena name, like `table`). */
  database?: string;
  /** Table name: an Athena name (lower-case letters, digits and `_`, 1 to 255 characters). */
  table: string;
  /** The trail's S3 bucket. */
  bucket: string;
  /** Key prefix before `AWSLogs/` (no leading or trailing slash). */
  prefix?: string;
  /** Organization id (`o-...`) for an organization trail (`AWSLogs/o-.../<account>/...`). */
  organizationId?: string;
  /** Accounts to project (12-digit ids). */
  accounts: readonly string[];
  /** Regions to project. */
  regions: readonly string[];
  /** First day of the date partitions (`yyyy/MM/dd`, ISO date, or a Date). */
  startDate: string | Date;
  /** Last day (same forms), or `NOW` (default). */
  endDate?: string | Date;
  /**
   * Row format: `json` (default, `org.apache.hive.hcatalog.data.JsonSerDe`, as AWS's partition-projection
   * example) or `cloudtrail` (`com.amazon.emr.hive.serde.CloudTrailSerde`).
   */
  serde?: 'json' | 'cloudtrail';
  /** Add `IF NOT EXISTS` (default true). */
  ifNotExists?: boolean;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9!_.()/-]*$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ORG = /^o-[a-z0-9]{10,32}$/;

/**
 * The `CREATE EXTERNAL TABLE` statement for CloudTrail logs with partition projection, following AWS's
 * "Creating the table for CloudTrail logs in Athena using partition projection", extended to several
 * accounts and regions: partitions `account` and `region` (enum projection) and `timestamp` (date
 * projection, `yyyy/MM/dd`, one day), with `storage.location.template`
 * `s3://<bucket>/<prefix>/AWSLogs/[<org>/]${account}/CloudTrail/${region}/${timestamp}`.
 *
 * Every input is validated (names, bucket, prefix, account ids, regions, dates), so nothing in the DDL
 * comes from unchecked text.
 *
 * @throws ConfigError when an option is invalid.
 * @throws AthenaNameError when the database or table name is not an Athena name.
 */
export function createTableSql(options: CreateTableOptions): string {
  const fail = (detail: string): never => {
    throw new ConfigError('createTableSql', detail);
  };
  athenaName('createTableSql', 'table', options.table);
  if (options.database !== undefined) athenaName('createTableSql', 'database', options.database);
  if (!BUCKET.test(options.bucket ?? ''))
    fail(`bucket is not a valid S3 bucket name: ${JSON.stringify(options.bucket)}`);
  const prefix = options.prefix ?? '';
  if (!PREFIX.test(prefix) || prefix.startsWith('/') || prefix.endsWith('/')) {
    fail(
      `prefix must be S3-safe characters without a leading or trailing slash, got ${JSON.stringify(prefix)}`,
    );
  }
  if (options.organizationId !== undefined && !ORG.test(options.organizationId)) {
    fail(`organizationId must look like o-xxxxxxxxxx, got ${JSON.stringify(options.organizationId)}`);
  }
  if (!Array.isArray(options.accounts) || options.accounts.length === 0)
    fail('accounts must be a non-empty array');
  for (const account of options.accounts)
    if (!ACCOUNT.test(account)) fail(`not a 12-digit account id: ${JSON.stringify(account)}`);
  if (!Array.isArray(options.regions) || options.regions.length === 0)
    fail('regions must be a non-empty array');
  for (const region of options.regions)
    if (!REGION.test(region)) fail(`not a region name: ${JSON.stringify(region)}`);
  const start = projectionDate(options.startDate, 'startDate', fail);
  const end =
    options.endDate === undefined || options.endDate === 'NOW'
      ? 'NOW'
      : projectionDate(options.endDate, 'endDate', fail);

  const base = `s3://${options.bucket}/${prefix ? `${prefix}/` : ''}AWSLogs/${options.organizationId ? `${options.organizationId}/` : ''}`;
  const table = options.database ? `\`${options.database}\`.\`${options.table}\`` : `\`${options.table}\``;
  const columns = CLOUDTRAIL_COLUMNS.map((column) => `  ${column.column} ${ddlType(column.type)}`).join(
    ',\n',
  );
  const format =
    options.serde === 'cloudtrail'
      ? `ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'`
      : `ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'`;
  const properties: Array<[string, string]> = [
    ['projection.enabled', 'true'],
    ['projection.account.type', 'enum'],
    ['projection.account.values', options.accounts.join(',')],
    ['projection.region.type', 'enum'],
    ['projection.region.values', options.regions.join(',')],
    ['projection.timestamp.type', 'date'],
    ['projection.timestamp.format', 'yyyy/MM/dd'],
    ['projection.timestamp.interval', '1'],
    ['projection.timestamp.interval.unit', 'DAYS'],
    ['projection.timestamp.range', `${start},${end}`],
    ['storage.location.template', `${base}\${account}/CloudTrail/\${region}/\${timestamp}`],
    ['classification', 'cloudtrail'],
  ];
  return [
    `CREATE EXTERNAL TABLE ${options.ifNotExists === false ? '' : 'IF NOT EXISTS '}${table} (`,
    columns,
    ')',
    'PARTITIONED BY (`account` string, `region` string, `timestamp` string)',
    format,
    `STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'`,
    `OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'`,
    `LOCATION '${base}'`,
    'TBLPROPERTIES (',
    properties.map(([key, value]) => `  '${key}'='${value}'`).join(',\n'),
    ')',
  ].join('\n');
}

function projectionDate(value: string | Date, name: string, fail: (detail: string) => never): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) fail(`${name} is an invalid Date`);
    return value.toISOString().slice(0, 10).replaceAll('-', '/');
  }
  const match = /^(\d{4})[/-](\d{2})[/-](\d{2})$/.exec(value);
  if (!match || Number.isNaN(Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`))) {
    return fail(`${name} must be yyyy/MM/dd or yyyy-MM-dd, got ${JSON.stringify(value)}`);
  }
  return `${match[1]}/${match[2]}/${match[3]}`;
}
