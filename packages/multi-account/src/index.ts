/**
 * @trailkit/multi-account: run any AWS source of trailkit over many accounts (given, or every account of an
 * organization), each through a role assumed in it.
 * @packageDocumentation
 */
export {
  type AccountContext,
  type AccountPosition,
  type AwsCredentials,
  type MultiAccountPosition,
  type MultiAccountSource,
  type MultiAccountSourceOptions,
  multiAccountSource,
} from './multi-account-source';
export { AccountReadError, type AccountReadErrorCode } from './errors';
export { MULTI_ACCOUNT_SOURCE_SCHEMA } from './options';
