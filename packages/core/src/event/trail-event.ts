/**
 * CloudTrail record types. Field names and shapes follow the CloudTrail record contents reference;
 * every field is optional because real records omit many of them (e.g. `userIdentity.type` is missing on
 * some `AwsServiceEvent` records). Unknown fields are kept: every object type has an index signature.
 */

/** A JSON value as found in `requestParameters`, `responseElements` and similar free-form fields. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A free-form JSON object (`requestParameters`, `responseElements`, `additionalEventData`, ...). */
export type JsonObject = { [key: string]: JsonValue | undefined };

/** Known `userIdentity.type` values; other strings are accepted because AWS adds new ones. */
export type UserIdentityType =
  | 'Root'
  | 'IAMUser'
  | 'AssumedRole'
  | 'Role'
  | 'FederatedUser'
  | 'Directory'
  | 'AWSAccount'
  | 'AWSService'
  | 'IdentityCenterUser'
  | 'SAMLUser'
  | 'WebIdentityUser'
  | 'Unknown'
  | (string & {});

/** Known `eventType` values. */
export type EventType =
  | 'AwsApiCall'
  | 'AwsServiceEvent'
  | 'AwsConsoleAction'
  | 'AwsConsoleSignIn'
  | 'AwsCloudTrailInsight'
  | 'AwsVpceEvent'
  | (string & {});

/** Known `eventCategory` values. */
export type EventCategory = 'Management' | 'Data' | 'Insight' | 'NetworkActivity' | (string & {});

/** `userIdentity.sessionContext.sessionIssuer`: the role or user that issued temporary credentials. */
export interface SessionIssuer {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
  [key: string]: unknown;
}

/** `userIdentity.sessionContext`: present when the request was made with temporary credentials. */
export interface SessionContext {
  sessionIssuer?: SessionIssuer;
  /** `creationDate` is ISO-8601; `mfaAuthenticated` is the string `"true"` or `"false"`. */
  attributes?: {
    creationDate?: string;
    mfaAuthenticated?: 'true' | 'false' | (string & {});
    [key: string]: unknown;
  };
  webIdFederationData?: {
    federatedProvider?: string;
    attributes?: Record<string, unknown>;
    [key: string]: unknown;
  };
  sourceIdentity?: string;
  ec2RoleDelivery?: string;
  assumedRoot?: string;
  [key: string]: unknown;
}

/** `userIdentity`: who made the request. */
export interface UserIdentity {
  type?: UserIdentityType;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  identityProvider?: string;
  credentialId?: string;
  onBehalfOf?: { userId?: string; identityStoreArn?: string; [key: string]: unknown };
  sessionContext?: SessionContext;
  [key: string]: unknown;
}

/** One entry of `resources[]`. */
export interface TrailResource {
  ARN?: string;
  accountId?: string;
  type?: string;
  [key: string]: unknown;
}

/** `tlsDetails`. */
export interface TlsDetails {
  tlsVersion?: string;
  cipherSuite?: string;
  clientProvidedHostHeader?: string;
  [key: string]: unknown;
}

/**
 * One CloudTrail record, exactly as AWS wrote it. Fields AWS adds later are kept (index signature).
 * Where the record came from is attached out of band: see {@link getOrigin}.
 */
export interface TrailEvent {
  eventVersion?: string;
  userIdentity?: UserIdentity;
  /** ISO-8601 UTC, e.g. `2023-07-10T11:45:00Z`. */
  eventTime?: string;
  /**
   * Where Logstash's CloudTrail codec puts `eventTime` (the record then has no `eventTime`). The event's
   * time is `eventTime`, else this: see `eventTimeText`.
   */
  '@timestamp'?: string;
  eventSource?: string;
  eventName?: string;
  awsRegion?: string;
  /** An IP address, or a service name such as `ec2.amazonaws.com` or `AWS Internal`. */
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: JsonObject | null;
  responseElements?: JsonObject | null;
  additionalEventData?: JsonObject | null;
  requestID?: string;
  /** Unique per event: use it to dedupe. */
  eventID?: string;
  eventType?: EventType;
  apiVersion?: string;
  managementEvent?: boolean;
  readOnly?: boolean;
  resources?: TrailResource[];
  recipientAccountId?: string;
  serviceEventDetails?: JsonObject | null;
  sharedEventID?: string;
  vpcEndpointId?: string;
  vpcEndpointAccountId?: string;
  eventCategory?: EventCategory;
  addendum?: JsonObject;
  sessionCredentialFromConsole?: string;
  edgeDeviceDetails?: JsonObject;
  tlsDetails?: TlsDetails;
  /** Insight events only. */
  insightDetails?: JsonObject;
  [key: string]: unknown;
}

/** A CloudTrail digest file (log file integrity validation). The parser recognises and skips these by default. */
export interface DigestFile {
  awsAccountId?: string;
  digestStartTime?: string;
  digestEndTime?: string;
  digestS3Bucket?: string;
  digestS3Object?: string;
  digestPublicKeyFingerprint?: string;
  digestSignatureAlgorithm?: string;
  newestEventTime?: string | null;
  oldestEventTime?: string | null;
  previousDigestS3Bucket?: string | null;
  previousDigestS3Object?: string | null;
  previousDigestHashValue?: string | null;
  previousDigestHashAlgorithm?: string | null;
  previousDigestSignature?: string | null;
  logFiles?: Array<{
    s3Bucket?: string;
    s3Object?: string;
    hashValue?: string;
    hashAlgorithm?: string;
    newestEventTime?: string;
    oldestEventTime?: string;
    [key: string]: unknown;
  }>;
  [key: string]: unknown;
}
