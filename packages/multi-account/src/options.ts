import type { OptionsSchema } from '@trailkit/core/plugin';

/** The options of `multiAccountSource`, their defaults and the README table. */
export const MULTI_ACCOUNT_SOURCE_SCHEMA = {
  properties: {
    source: {
      kind: 'function',
      typeLabel: '(account: AccountContext) => Source',
      description:
        'builds the source of one account from its credentials (e.g. a `lookupEventsSource` with `clientConfig: { credentials }`)',
    },
    roleName: {
      type: 'string',
      pattern: '^[\\w+=,.@/-]{1,512}$',
      description: 'the role to assume in each account (`arn:<partition>:iam::<account>:role/<roleName>`)',
    },
    accounts: {
      type: 'array',
      items: { type: 'string', pattern: '^\\d{12}$' },
      minItems: 1,
      description:
        'the accounts to read; without it, every ACTIVE account of the organization (`ListAccounts`)',
    },
    organizationsClient: {
      kind: 'object',
      typeLabel: 'OrganizationsClient',
      description:
        'a ready Organizations client (management or delegated administrator account); not with `organizationsClientConfig`',
    },
    organizationsClientConfig: {
      type: 'object',
      typeLabel: 'OrganizationsClientConfig',
      description: 'settings for the Organizations client this source builds',
    },
    externalId: {
      type: 'string',
      pattern: '^[\\w+=,.@:/-]{2,1224}$',
      description: "the external id the roles' trust policies require",
    },
    sessionName: {
      type: 'string',
      pattern: '^[\\w+=,.@-]{2,64}$',
      default: 'trailkit',
      description: "the `RoleSessionName` (it shows in the accounts' own CloudTrail as the reader)",
    },
    durationSeconds: {
      type: 'integer',
      minimum: 900,
      maximum: 43200,
      default: 3600,
      description: 'lifetime of each assumed-role session (refreshed as needed)',
    },
    partition: {
      type: 'string',
      enum: ['aws', 'aws-cn', 'aws-us-gov'],
      default: 'aws',
      description: 'the AWS partition of the role ARNs',
    },
    stsClientConfig: {
      type: 'object',
      typeLabel: 'STSClientConfig',
      description: 'settings for the STS client that assumes the roles (`region`, `endpoint`, ...)',
    },
    masterCredentials: {
      kind: 'object',
      typeLabel: 'AwsCredentialIdentity | Provider',
      description: "the credentials that assume the roles (default: the SDK's default chain)",
    },
    concurrency: {
      type: 'integer',
      minimum: 1,
      default: 4,
      description: 'accounts read at once',
    },
    onAccountFailure: {
      kind: 'function',
      typeLabel: '(error: AccountReadError) => void',
      description: 'called when one account cannot be read (the others go on)',
    },
    name: {
      type: 'string',
      minLength: 1,
      default: 'multi-account',
      description: 'source name, also the checkpoint key',
    },
  },
  required: ['source', 'roleName'],
  exclusive: [['organizationsClient', 'organizationsClientConfig']],
} satisfies OptionsSchema;
