import type { OptionsSchema } from '@trailkit/core/plugin';

const CONFIG = (service: string) =>
  ({
    type: 'object',
    typeLabel: `${service}ClientConfig`,
    description: `settings for the ${service} clients only (over \`clientConfig\`; \`region\` is set per call)`,
  }) as const;

/** The options of `collectPosture`, their defaults and the README table. */
export const COLLECT_POSTURE_SCHEMA = {
  properties: {
    regions: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d+$' },
      minItems: 1,
      typeLabel: 'string[]',
      description: 'regions to look at (trails, shadow trails and AWS Config recorders of each)',
    },
    account: {
      type: 'string',
      typeLabel: 'string',
      default: 'current',
      description: 'the account id the results name (the audited account)',
    },
    clients: {
      type: 'object',
      typeLabel: 'AuditClients',
      properties: {
        cloudTrail: {
          anyOf: [{ kind: 'function' }, { kind: 'object' }],
          typeLabel: 'CloudTrailClient | AuditClientFactory',
          description: 'a ready CloudTrail client, or a factory `(region, account) => client`',
        },
        s3: {
          anyOf: [{ kind: 'function' }, { kind: 'object' }],
          typeLabel: 'S3Client | AuditClientFactory',
          description: 'a ready S3 client, or a factory `(region, account) => client`',
        },
        kms: {
          anyOf: [{ kind: 'function' }, { kind: 'object' }],
          typeLabel: 'KMSClient | AuditClientFactory',
          description: 'a ready KMS client, or a factory `(region, account) => client`',
        },
        config: {
          anyOf: [{ kind: 'function' }, { kind: 'object' }],
          typeLabel: 'ConfigServiceClient | AuditClientFactory',
          description: 'a ready ConfigService client, or a factory `(region, account) => client`',
        },
      },
      additionalProperties: false,
      description:
        'clients to use instead of building them: per service (`cloudTrail`, `s3`, `kms`, `config`) a ready client or a factory `(region, account) => client`',
    },
    clientConfig: {
      type: 'object',
      typeLabel: 'AwsClientConfig',
      description: 'settings for every client built (credentials, endpoint, ...)',
    },
    cloudTrailClientConfig: CONFIG('CloudTrail'),
    s3ClientConfig: CONFIG('S3'),
    kmsClientConfig: CONFIG('KMS'),
    configClientConfig: CONFIG('ConfigService'),
    config: {
      type: 'boolean',
      typeLabel: 'boolean',
      default: true,
      description: 'read the AWS Config recorders (CIS 3.5); off: that check is not applicable',
    },
    signal: { kind: 'signal', description: 'cancels the reads' },
  },
  required: ['regions'],
} as const satisfies OptionsSchema;

/** The options of `runAudit`, their defaults and the README table. */
export const RUN_AUDIT_SCHEMA = {
  properties: {
    retentionDays: {
      type: 'integer',
      minimum: 1,
      default: 365,
      typeLabel: 'number',
      description: 'log files must be kept at least this many days (lifecycle expiration)',
    },
    maxDeliveryAgeHours: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 24,
      typeLabel: 'number',
      description: 'the latest delivery (S3, CloudWatch Logs) must be at most this old',
    },
    organizationAccounts: {
      type: 'array',
      items: { type: 'string', pattern: '^\\d{12}$' },
      typeLabel: 'string[]',
      description: 'every account of the organization: each must be covered by a trail',
    },
    checks: {
      type: 'array',
      items: { type: 'string' },
      typeLabel: 'string[]',
      description: 'ids of the checks to run (default all of `POSTURE_CHECKS`)',
    },
    now: {
      kind: 'object',
      typeLabel: 'Date',
      description: 'the time delivery ages are measured from (default now)',
    },
  },
} as const satisfies OptionsSchema;
