/**
 * The CloudTrail view over local files, with the Athena CloudTrail table's columns and types: strings,
 * `useridentity` and the other structs as DuckDB structs, the free-form objects (`requestparameters`, …) as
 * JSON text, and the `account`, `region` and `timestamp` (`yyyy/MM/dd`) partition columns taken from the
 * `AWSLogs/` path (or, outside that layout, from `recipientAccountId`, `awsRegion` and the event time).
 *
 * It reads with `read_json_objects` and unnests `Records` itself: DuckDB's `read_json` infers a schema and
 * fails on CloudTrail's free-form objects.
 */
import { duckString } from './duck-string';

/** The view's name. */
export const CLOUDTRAIL_VIEW = 'cloudtrail';

const V = 'VARCHAR';
const USER_IDENTITY = {
  type: V,
  principalId: V,
  arn: V,
  accountId: V,
  invokedBy: V,
  accessKeyId: V,
  userName: V,
  onBehalfOf: { userId: V, identityStoreArn: V },
  sessionContext: {
    attributes: { mfaAuthenticated: V, creationDate: V },
    sessionIssuer: { type: V, principalId: V, arn: V, accountId: V, userName: V },
    ec2RoleDelivery: V,
    webIdFederationData: { federatedProvider: V, attributes: 'JSON' },
  },
};
const RESOURCES = [{ ARN: V, accountId: V, type: V }];
const ADDENDUM = { reason: V, updatedFields: V, originalRequestID: V, originalEventID: V };
const TLS_DETAILS = { tlsVersion: V, cipherSuite: V, clientProvidedHostHeader: V };

const text = (field: string, column = field.toLowerCase()) => `r->>${duckString(field)} AS ${column}`;
const json = (field: string) =>
  `nullif(CAST(r->${duckString(field)} AS VARCHAR), 'null') AS ${field.toLowerCase()}`;
const typed = (field: string, shape: unknown) =>
  `json_transform(r->${duckString(field)}, ${duckString(JSON.stringify(shape))}) AS ${field.toLowerCase()}`;

/** The view's columns, in the Athena table's order, then the partitions, then `record`, `file`, `idx`. */
const COLUMNS = [
  text('eventVersion'),
  typed('userIdentity', USER_IDENTITY),
  "coalesce(r->>'eventTime', r->>'@timestamp') AS eventtime",
  text('eventSource'),
  text('eventName'),
  text('awsRegion'),
  text('sourceIPAddress'),
  text('userAgent'),
  text('errorCode'),
  text('errorMessage'),
  json('requestParameters'),
  json('responseElements'),
  json('additionalEventData'),
  text('requestID'),
  text('eventID'),
  text('readOnly'),
  typed('resources', RESOURCES),
  text('eventType'),
  text('apiVersion'),
  text('recipientAccountId'),
  json('serviceEventDetails'),
  text('sharedEventID'),
  text('vpcEndpointId'),
  text('vpcEndpointAccountId'),
  text('eventCategory'),
  typed('addendum', ADDENDUM),
  text('sessionCredentialFromConsole'),
  json('edgeDeviceDetails'),
  typed('tlsDetails', TLS_DETAILS),
];

const LAYOUT = 'AWSLogs/(o-[a-z0-9]+/)?([0-9]{12})/CloudTrail/([a-z0-9-]+)/([0-9]{4}/[0-9]{2}/[0-9]{2})/';
const fromPath = (group: number) =>
  `nullif(regexp_extract(replace(filename, '\\', '/'), ${duckString(LAYOUT)}, ${group}), '')`;

/**
 * The statements that create the `cloudtrail` view (temporary, on one connection) over the given files, and
 * the `json_extract_scalar` macro that lets the Athena dialect's SQL run unchanged.
 */
export function cloudTrailViewSql(files: readonly string[]): string[] {
  // An empty list would make read_json_objects fail: an empty view of the same columns instead.
  const source =
    files.length === 0
      ? '(SELECT NULL::JSON AS json, NULL::VARCHAR AS filename WHERE false)'
      : `read_json_objects([${files.map(duckString).join(', ')}], format = 'auto', filename = true)`;
  return [
    'CREATE OR REPLACE TEMP MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
    `CREATE OR REPLACE TEMP VIEW ${CLOUDTRAIL_VIEW} AS
WITH records AS (
  -- One pass over the files: each JSON object becomes its list of records, unnested with their indexes.
  SELECT unnest(records) AS r, unnest(range(CAST(len(records) AS BIGINT))) AS idx, filename FROM (
    SELECT filename, CASE
      -- A CloudTrail log file: {"Records": [...]}
      WHEN json_type(json->'Records') = 'ARRAY' THEN CAST(json->'Records' AS JSON[])
      -- A CloudWatch Logs subscription payload: each logEvents[].message is one record's JSON text
      WHEN json_type(json->'logEvents') = 'ARRAY'
        THEN list_transform(CAST(json->'logEvents' AS JSON[]), e -> TRY_CAST((e->>'message') AS JSON))
      -- A LookupEvents result: the record is the CloudTrailEvent text
      WHEN json_type(json->'CloudTrailEvent') = 'VARCHAR' THEN [TRY_CAST((json->>'CloudTrailEvent') AS JSON)]
      -- One record per object (NDJSON, a JSON array, a single event)
      WHEN json_type(json) = 'OBJECT' THEN [json]
      ELSE []::JSON[] END AS records
    FROM ${source})
)
SELECT ${COLUMNS.join(',\n  ')},
  coalesce(${fromPath(2)}, r->>'recipientAccountId') AS account,
  coalesce(${fromPath(3)}, r->>'awsRegion') AS region,
  coalesce(${fromPath(4)}, replace(substr(coalesce(r->>'eventTime', r->>'@timestamp'), 1, 10), '-', '/')) AS "timestamp",
  CAST(r AS VARCHAR) AS record, filename AS file, idx
FROM records
-- What core's parser takes for a CloudTrail event (other objects, e.g. a stray counts.json, are not events).
-- (DuckDB's ->> binds looser than IS and OR: parentheses.)
WHERE r IS NOT NULL AND ((r->>'eventVersion') IS NOT NULL OR (r->>'eventID') IS NOT NULL OR (r->>'eventTime') IS NOT NULL
   OR (r->>'@timestamp') IS NOT NULL)`,
  ];
}
