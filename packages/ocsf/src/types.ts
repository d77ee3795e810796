/**
 * The OCSF 1.5.0 shapes trailkit writes: the attributes it fills, not every attribute the schema has. Field
 * names are OCSF's (snake_case); see the class and object pages of the OCSF schema for their meaning.
 */

/** `account`: a cloud account. */
export interface OcsfAccount {
  uid: string;
  type?: string;
  type_id?: number;
}

/** `user`: the principal that made a request. */
export interface OcsfUser {
  /** `userIdentity.type` as AWS writes it (`Root`, `IAMUser`, `AssumedRole`, ...). */
  type?: string;
  /** 0 Unknown, 1 User, 2 Admin (root), 3 System (AWS services), 99 Other (roles, accounts). */
  type_id?: number;
  /** The ARN. */
  uid?: string;
  /** The principal id. */
  uid_alt?: string;
  name?: string;
  account?: OcsfAccount;
  /** The access key id (or `credentialId`). */
  credential_uid?: string;
}

/** `session`: the temporary-credentials session a request was made in. */
export interface OcsfSession {
  /** `mfaAuthenticated` as a boolean. */
  is_mfa?: boolean;
  /** When the session's credentials were issued, in epoch milliseconds. */
  created_time?: number;
  created_time_dt?: string;
  /** The ARN of the role or user that issued the session (`sessionIssuer.arn`). */
  issuer?: string;
}

/** `idp`: the identity provider of a federated or Identity Center principal. */
export interface OcsfIdp {
  name?: string;
  uid?: string;
}

/** `actor`: who did it. */
export interface OcsfActor {
  user?: OcsfUser;
  session?: OcsfSession;
  idp?: OcsfIdp;
  /** The AWS service that made the call on the principal's behalf (`userIdentity.invokedBy`). */
  app_name?: string;
  /** Same as `app_name` (deprecated in OCSF 1.2.0, kept because the published CloudTrail mapping uses it). */
  invoked_by?: string;
}

/** `api`: the call. */
export interface OcsfApi {
  operation: string;
  service?: { name: string };
  request?: { uid: string; data?: unknown };
  response?: { error?: string; message?: string; data?: unknown };
  version?: string;
}

/** `network_endpoint`: where a call came from. */
export interface OcsfEndpoint {
  ip?: string;
  /** A service name (`ec2.amazonaws.com`, `AWS Internal`) when `sourceIPAddress` is not an IP address. */
  domain?: string;
  /** The VPC endpoint id. */
  uid?: string;
  /** Set only when CloudTrail gives no source at all (`Unknown`): the class requires a source endpoint. */
  name?: string;
}

/** `resource_details`: a resource a call touched. */
export interface OcsfResource {
  /** The ARN. */
  uid?: string;
  name?: string;
  type?: string;
  owner?: { account: OcsfAccount };
}

/** `cloud`: where it happened. */
export interface OcsfCloud {
  provider: 'AWS';
  region?: string;
  account?: OcsfAccount;
}

/** `metadata`: about the record. */
export interface OcsfMetadata {
  version: string;
  profiles: string[];
  product: { name: string; vendor_name: string; version?: string; feature?: { name: string } };
  uid?: string;
  event_code?: string;
  original_time?: string;
}

/** Attributes every OCSF record trailkit writes has. */
export interface OcsfBase {
  class_uid: number;
  class_name: string;
  category_uid: number;
  category_name: string;
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  severity_id: number;
  severity: string;
  /** Epoch milliseconds. */
  time: number;
  time_dt?: string;
  message?: string;
  metadata: OcsfMetadata;
  cloud: OcsfCloud;
  status_id?: number;
  status?: string;
  /** The source record as JSON text, only with the `rawData` option. */
  raw_data?: string;
  /** The length of `raw_data`, only with the `rawData` option. */
  raw_data_size?: number;
  /** The source fields no OCSF attribute holds. */
  unmapped?: Record<string, unknown>;
}

/** `observable`: a value worth indexing (an IP address, a user name, ...) and where it is in the record. */
export interface OcsfObservable {
  /** The attribute path, e.g. `src_endpoint.ip`. */
  name: string;
  value: string;
  type_id: number;
  type: string;
}

/** An OCSF API Activity record (class_uid 6003): one CloudTrail event. */
export interface OcsfApiActivity extends OcsfBase {
  class_uid: 6003;
  category_uid: 6;
  actor: OcsfActor;
  api: OcsfApi;
  src_endpoint: OcsfEndpoint;
  http_request?: { user_agent: string };
  resources?: OcsfResource[];
  /** The `errorCode` of a failed call. */
  status_code?: string;
  /** The `errorMessage` of a failed call. */
  status_detail?: string;
  observables?: OcsfObservable[];
}

/** `attack`: one ATT&CK technique (and its tactics) a rule detects. */
export interface OcsfAttack {
  technique?: { uid: string; src_url?: string };
  sub_technique?: { uid: string; src_url?: string };
  tactic?: { uid: string; name: string };
  tactics?: Array<{ uid: string; name: string }>;
}

/** `evidences`: one event that triggered a finding. */
export interface OcsfEvidence {
  /** The event's `eventID`. */
  uid?: string;
  name?: string;
  actor?: OcsfActor;
  api?: OcsfApi;
  src_endpoint?: OcsfEndpoint;
  resources?: OcsfResource[];
}

/** `finding_info`: what was found. */
export interface OcsfFindingInfo {
  uid: string;
  title: string;
  desc?: string;
  types?: string[];
  analytic: { uid: string; name: string; type_id: number; type: string; desc?: string };
  attacks?: OcsfAttack[];
  src_url?: string;
  first_seen_time?: number;
  last_seen_time?: number;
}

/** An OCSF Detection Finding record (class_uid 2004): one trailkit finding. */
export interface OcsfDetectionFinding extends OcsfBase {
  class_uid: 2004;
  category_uid: 2;
  finding_info: OcsfFindingInfo;
  is_alert: boolean;
  actor?: OcsfActor;
  api?: OcsfApi;
  evidences: OcsfEvidence[];
  resources?: OcsfResource[];
}
