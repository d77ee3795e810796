/** `userIdentity` → OCSF `actor` (user, session, identity provider, invoking service). */
import type { TrailEvent, UserIdentity } from '@trailkit/core';
import { epochMillis } from './time';
import type { OcsfActor, OcsfIdp, OcsfSession, OcsfUser } from './types';

/** OCSF `user.type_id`: 1 User, 2 Admin, 3 System, 99 Other (0 Unknown when the type is missing). */
const USER_TYPE_IDS: Readonly<Record<string, number>> = {
  Root: 2,
  IAMUser: 1,
  IdentityCenterUser: 1,
  SAMLUser: 1,
  WebIdentityUser: 1,
  FederatedUser: 1,
  Directory: 1,
  AWSService: 3,
};

/**
 * The `userIdentity` keys {@link actorOf} maps (each to one OCSF attribute); every other key is the
 * unmapped data's.
 */
export const MAPPED_IDENTITY_KEYS: ReadonlySet<string> = new Set([
  'type',
  'principalId',
  'arn',
  'accountId',
  'accessKeyId',
  'credentialId',
  'userName',
  'invokedBy',
  'identityProvider',
]);

/**
 * The actor of an event, as the published CloudTrail mapping reads it: `user` (type, ARN as `uid`,
 * principal id as `uid_alt`, user name, account, access key as `credential_uid`), `session` (MFA, creation
 * time, issuer ARN) for temporary credentials, `idp` for federated principals, and the invoking AWS service as
 * `app_name` (and the deprecated `invoked_by`). An `AWSService` identity's user is the service (its `name`).
 * An event without `userIdentity` (some `AwsServiceEvent` records) is acted by its `eventSource`.
 */
export function actorOf(event: TrailEvent): OcsfActor {
  const id = event.userIdentity;
  const actor: OcsfActor = {};
  if (id && typeof id === 'object') {
    const user = userOf(id, event);
    if (user) actor.user = user;
    const session = sessionOf(id);
    if (session) actor.session = session;
    const idp = idpOf(id);
    if (idp) actor.idp = idp;
    if (typeof id.invokedBy === 'string') {
      actor.app_name = id.invokedBy;
      actor.invoked_by = id.invokedBy;
    }
  }
  if (Object.keys(actor).length === 0) actor.app_name = event.eventSource ?? 'Unknown';
  return actor;
}

function userOf(id: UserIdentity, event: TrailEvent): OcsfUser | undefined {
  const user: OcsfUser = {};
  if (typeof id.type === 'string') {
    user.type = id.type;
    user.type_id = USER_TYPE_IDS[id.type] ?? 99;
  }
  if (typeof id.arn === 'string') user.uid = id.arn;
  if (typeof id.principalId === 'string') user.uid_alt = id.principalId;
  const name = typeof id.userName === 'string' ? id.userName : additionalUserName(event);
  if (name !== undefined) user.name = name;
  else if (id.type === 'AWSService' && typeof id.invokedBy === 'string') user.name = id.invokedBy;
  if (typeof id.accountId === 'string')
    user.account = { uid: id.accountId, type: 'AWS Account', type_id: 10 };
  const credential = typeof id.accessKeyId === 'string' ? id.accessKeyId : id.credentialId;
  if (typeof credential === 'string' && credential !== '') user.credential_uid = credential;
  // OCSF: a user has at least one of account, name, uid
  return user.account || user.name !== undefined || user.uid !== undefined ? user : undefined;
}

/** `additionalEventData.UserName` (sign-in events name the user there). */
function additionalUserName(event: TrailEvent): string | undefined {
  const name = event.additionalEventData?.UserName;
  return typeof name === 'string' ? name : undefined;
}

function sessionOf(id: UserIdentity): OcsfSession | undefined {
  const ctx = id.sessionContext;
  if (!ctx || typeof ctx !== 'object') return undefined;
  const session: OcsfSession = {};
  const mfa = ctx.attributes?.mfaAuthenticated;
  if (mfa === 'true' || mfa === 'false') session.is_mfa = mfa === 'true';
  const created = ctx.attributes?.creationDate;
  const ms = typeof created === 'string' ? epochMillis(created) : undefined;
  if (ms !== undefined) {
    session.created_time = ms;
    session.created_time_dt = new Date(ms).toISOString();
  }
  const issuer = ctx.sessionIssuer?.arn;
  if (typeof issuer === 'string') session.issuer = issuer;
  return Object.keys(session).length > 0 ? session : undefined;
}

function idpOf(id: UserIdentity): OcsfIdp | undefined {
  const idp: OcsfIdp = {};
  const provider = id.identityProvider ?? id.sessionContext?.webIdFederationData?.federatedProvider;
  if (typeof provider === 'string') idp.name = provider;
  const store = id.onBehalfOf?.identityStoreArn;
  if (typeof store === 'string') idp.uid = store;
  return Object.keys(idp).length > 0 ? idp : undefined;
}
