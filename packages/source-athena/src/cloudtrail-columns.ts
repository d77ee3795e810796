/**
 * The CloudTrail table's columns (as in AWS's partition-projection DDL) and how each maps back to the
 * record's camelCase field: plain strings, JSON text (free-form objects), booleans stored as strings, and
 * structs whose lower-case field names map to CloudTrail's camelCase names.
 */

/** How a column or struct field is typed. */
export type FieldType =
  | { kind: 'string' }
  | { kind: 'json' }
  | { kind: 'boolean' }
  | { kind: 'map' }
  | { kind: 'struct'; fields: readonly StructField[] }
  | { kind: 'array'; element: FieldType };

/** A named column or struct field: its lower-case name, CloudTrail's name and its type. */
export interface StructField {
  readonly column: string;
  readonly field: string;
  readonly type: FieldType;
  /** The DDL type, when it is not derived from `type`. */
  readonly ddl?: string;
}

const string: FieldType = { kind: 'string' };
const json: FieldType = { kind: 'json' };
const f = (column: string, field: string, type: FieldType = string): StructField => ({ column, field, type });
const struct = (...fields: StructField[]): FieldType => ({ kind: 'struct', fields });

/** The `useridentity` struct. */
export const USER_IDENTITY = struct(
  f('type', 'type'),
  f('principalid', 'principalId'),
  f('arn', 'arn'),
  f('accountid', 'accountId'),
  f('invokedby', 'invokedBy'),
  f('accesskeyid', 'accessKeyId'),
  f('username', 'userName'),
  f('onbehalfof', 'onBehalfOf', struct(f('userid', 'userId'), f('identitystorearn', 'identityStoreArn'))),
  f(
    'sessioncontext',
    'sessionContext',
    struct(
      f(
        'attributes',
        'attributes',
        struct(f('mfaauthenticated', 'mfaAuthenticated'), f('creationdate', 'creationDate')),
      ),
      f(
        'sessionissuer',
        'sessionIssuer',
        struct(
          f('type', 'type'),
          f('principalid', 'principalId'),
          f('arn', 'arn'),
          f('accountid', 'accountId'),
          f('username', 'userName'),
        ),
      ),
      f('ec2roledelivery', 'ec2RoleDelivery'),
      f(
        'webidfederationdata',
        'webIdFederationData',
        struct(f('federatedprovider', 'federatedProvider'), f('attributes', 'attributes', { kind: 'map' })),
      ),
    ),
  ),
);

/** The table's columns, in DDL order (partition columns excluded). */
export const CLOUDTRAIL_COLUMNS: readonly StructField[] = [
  f('eventversion', 'eventVersion'),
  f('useridentity', 'userIdentity', USER_IDENTITY),
  f('eventtime', 'eventTime'),
  f('eventsource', 'eventSource'),
  f('eventname', 'eventName'),
  f('awsregion', 'awsRegion'),
  f('sourceipaddress', 'sourceIPAddress'),
  f('useragent', 'userAgent'),
  f('errorcode', 'errorCode'),
  f('errormessage', 'errorMessage'),
  f('requestparameters', 'requestParameters', json),
  f('responseelements', 'responseElements', json),
  f('additionaleventdata', 'additionalEventData', json),
  f('requestid', 'requestID'),
  f('eventid', 'eventID'),
  f('readonly', 'readOnly', { kind: 'boolean' }),
  f('resources', 'resources', {
    kind: 'array',
    element: struct(f('arn', 'ARN'), f('accountid', 'accountId'), f('type', 'type')),
  }),
  f('eventtype', 'eventType'),
  f('apiversion', 'apiVersion'),
  f('recipientaccountid', 'recipientAccountId'),
  f('serviceeventdetails', 'serviceEventDetails', json),
  f('sharedeventid', 'sharedEventID'),
  f('vpcendpointid', 'vpcEndpointId'),
  f('vpcendpointaccountid', 'vpcEndpointAccountId'),
  f('eventcategory', 'eventCategory'),
  f(
    'addendum',
    'addendum',
    struct(
      f('reason', 'reason'),
      f('updatedfields', 'updatedFields'),
      f('originalrequestid', 'originalRequestID'),
      f('originaleventid', 'originalEventID'),
    ),
  ),
  f('sessioncredentialfromconsole', 'sessionCredentialFromConsole'),
  f('edgedevicedetails', 'edgeDeviceDetails', json),
  f(
    'tlsdetails',
    'tlsDetails',
    struct(
      f('tlsversion', 'tlsVersion'),
      f('ciphersuite', 'cipherSuite'),
      f('clientprovidedhostheader', 'clientProvidedHostHeader'),
    ),
  ),
];

/** Column by lower-case name. */
export const COLUMN_BY_NAME: ReadonlyMap<string, StructField> = new Map(
  CLOUDTRAIL_COLUMNS.map((c) => [c.column, c]),
);

/** Column by CloudTrail field name (case-sensitive, as in a filter pattern selector). */
export const COLUMN_BY_FIELD: ReadonlyMap<string, StructField> = new Map(
  CLOUDTRAIL_COLUMNS.map((c) => [c.field, c]),
);

/** The DDL type of a field (`STRING`, `STRUCT<...>`, `ARRAY<...>`, `MAP<STRING,STRING>`). */
export function ddlType(type: FieldType): string {
  switch (type.kind) {
    case 'string':
    case 'json':
    case 'boolean':
      return 'STRING';
    case 'map':
      return 'MAP<STRING,STRING>';
    case 'struct':
      return `STRUCT<${type.fields.map((field) => `${field.column}:${ddlType(field.type)}`).join(', ')}>`;
    case 'array':
      return `ARRAY<${ddlType(type.element)}>`;
  }
}
