import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  type ConfigServiceClientConfig,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  type KMSClientConfig,
} from '@aws-sdk/client-kms';
import {
  GetBucketAclCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  S3Client,
  type S3ClientConfig,
  GetBucketEncryptionCommand,
} from '@aws-sdk/client-s3';
import { ConfigError } from '@trailkit/core';
import { resolveAwsClient, validateOptions } from '@trailkit/core/plugin';
import { AuditError } from './errors';
import { selectorCoverage } from './event-selectors';
import { COLLECT_POSTURE_SCHEMA } from './options';
import type {
  AccountPosture,
  BucketPosture,
  ConfigRecorderPosture,
  KeyPosture,
  PolicyDocument,
  TrailPosture,
} from './posture';

/**
 * Builds the client of one service for one region of the audited account (`account` is the option
 * `account`). Called once per region (CloudTrail, AWS Config, KMS by key region) or once (S3).
 */
export type AuditClientFactory<Client> = (region: string, account: string) => Client;

/**
 * Clients to use instead of building them, per service: a ready client, or a factory per region and
 * account (for audits over several regions or accounts, custom credentials or middleware, tests). A ready
 * CloudTrail or ConfigService client serves one region only, so it needs `regions` of length 1; a ready S3
 * or KMS client serves every bucket or key. A service given here takes no `...ClientConfig`.
 */
export interface AuditClients {
  cloudTrail?: CloudTrailClient | AuditClientFactory<CloudTrailClient>;
  s3?: S3Client | AuditClientFactory<S3Client>;
  kms?: KMSClient | AuditClientFactory<KMSClient>;
  config?: ConfigServiceClient | AuditClientFactory<ConfigServiceClient>;
}

/** Options of {@link collectPosture} (see the README table). */
export interface CollectPostureOptions {
  regions: string[];
  account?: string;
  clients?: AuditClients;
  clientConfig?: Record<string, unknown>;
  cloudTrailClientConfig?: CloudTrailClientConfig;
  s3ClientConfig?: S3ClientConfig;
  kmsClientConfig?: KMSClientConfig;
  configClientConfig?: ConfigServiceClientConfig;
  config?: boolean;
  signal?: AbortSignal;
}

type Settings = Required<Pick<CollectPostureOptions, 'regions' | 'account' | 'config'>> &
  CollectPostureOptions;

interface Sender {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

const COMPONENT = 'collectPosture';
const NOT_CONFIGURED = new Set([
  'NoSuchBucketPolicy',
  'NoSuchPublicAccessBlockConfiguration',
  'ObjectLockConfigurationNotFoundError',
  'NoSuchLifecycleConfiguration',
  'ServerSideEncryptionConfigurationNotFoundError',
]);

const errorName = (e: unknown) => (e instanceof Error ? e.name : String(e));
const date = (v: unknown) => (v instanceof Date ? v : undefined);

/**
 * Read one account's CloudTrail set-up through the AWS APIs: `DescribeTrails` per region (shadow trails
 * included, so a multi-region or organization trail is seen from every region), `GetTrailStatus` and
 * `GetEventSelectors` per trail, `GetInsightSelectors` per trail that has insight selectors, the bucket of each trail (policy, ACL, public access block, encryption,
 * versioning, Object Lock, lifecycle, server access logging), its KMS key (`DescribeKey`,
 * `GetKeyRotationStatus`) and AWS Config recorders per region. Every call is counted in `calls`. A bucket or
 * key that cannot be read (e.g. in another account) is recorded with the reason, not thrown.
 * @throws {AuditError} `AUDIT_READ_FAILED` when `DescribeTrails` fails.
 */
export async function collectPosture(options: CollectPostureOptions): Promise<AccountPosture> {
  const o = validateOptions<Settings>(COMPONENT, COLLECT_POSTURE_SCHEMA, options);
  const calls: Record<string, number> = {};
  const signal = o.signal;
  const call = async <T>(client: Sender, command: { constructor: { name: string } }): Promise<T> => {
    const op = command.constructor.name.replace(/Command$/, '');
    calls[op] = (calls[op] ?? 0) + 1;
    return (await client.send(command, { abortSignal: signal })) as T;
  };
  const clients = o.clients ?? {};
  const serviceConfigs = {
    cloudTrail: o.cloudTrailClientConfig,
    s3: o.s3ClientConfig,
    kms: o.kmsClientConfig,
    config: o.configClientConfig,
  };
  for (const service of ['cloudTrail', 's3', 'kms', 'config'] as const) {
    const given = clients[service];
    if (given !== undefined && serviceConfigs[service] !== undefined) {
      throw new ConfigError(COMPONENT, `give clients.${service} or ${service}ClientConfig, not both`);
    }
    const regional = service === 'cloudTrail' || service === 'config';
    if (regional && given !== undefined && typeof given !== 'function' && o.regions.length > 1) {
      throw new ConfigError(
        COMPONENT,
        `clients.${service} is a ready client of one region; for ${o.regions.length} regions give a factory (region, account) => client`,
      );
    }
  }
  const base = o.clientConfig ?? {};
  /** One client per service and region: the injected one (ready or from its factory), else a built one. */
  const built = new Map<string, unknown>();
  const clientOf = <Client, Config>(
    service: keyof AuditClients,
    region: string,
    create: (config: Config) => Client,
  ): Client => {
    const key = `${service} ${region}`;
    let client = built.get(key) as Client | undefined;
    if (client === undefined) {
      const given = clients[service] as Client | AuditClientFactory<Client> | undefined;
      client = resolveAwsClient<Client, Config>(
        COMPONENT,
        {
          client:
            typeof given === 'function' ? (given as AuditClientFactory<Client>)(region, o.account) : given,
          clientConfig: serviceConfigs[service] as Config | undefined,
        },
        (config) => create({ ...base, ...config, region } as Config),
      );
      built.set(key, client);
    }
    return client;
  };
  const ctIn = (region: string) =>
    clientOf('cloudTrail', region, (c: CloudTrailClientConfig) => new CloudTrailClient(c));

  const trails = new Map<string, TrailPosture>();
  for (const region of o.regions) {
    let list: Trail[];
    try {
      const out = await call<{ trailList?: Trail[] }>(
        ctIn(region),
        new DescribeTrailsCommand({ includeShadowTrails: true }),
      );
      list = out.trailList ?? [];
    } catch (cause) {
      throw new AuditError(
        'AUDIT_READ_FAILED',
        `${COMPONENT}: DescribeTrails in ${region} failed: ${errorName(cause)}`,
        {
          cause,
        },
      );
    }
    for (const t of list) {
      const arn = t.TrailARN ?? '';
      if (trails.has(arn)) continue;
      const home = t.HomeRegion ?? region;
      const client = ctIn(home);
      const posture: TrailPosture = {
        name: t.Name ?? arn,
        arn,
        homeRegion: home,
        ownerAccount: arn.split(':')[4] ?? '',
        multiRegion: t.IsMultiRegionTrail ?? false,
        organizationTrail: t.IsOrganizationTrail ?? false,
        logFileValidation: t.LogFileValidationEnabled ?? false,
        bucket: t.S3BucketName ?? '',
        kmsKeyId: t.KmsKeyId,
        cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
        selects: { managementRead: false, managementWrite: false, s3ObjectRead: false, s3ObjectWrite: false },
        insights: [],
      };
      try {
        const s = await call<Record<string, unknown>>(client, new GetTrailStatusCommand({ Name: arn }));
        posture.status = {
          isLogging: s.IsLogging === true,
          latestDeliveryTime: date(s.LatestDeliveryTime),
          latestCloudWatchLogsDeliveryTime: date(s.LatestCloudWatchLogsDeliveryTime),
          latestDeliveryError: s.LatestDeliveryError as string | undefined,
          latestDigestDeliveryError: s.LatestDigestDeliveryError as string | undefined,
        };
      } catch {
        posture.status = undefined;
      }
      try {
        const sel = await call<{ EventSelectors?: []; AdvancedEventSelectors?: [] }>(
          client,
          new GetEventSelectorsCommand({ TrailName: arn }),
        );
        posture.selects = selectorCoverage(sel.EventSelectors, sel.AdvancedEventSelectors);
      } catch {
        // Not readable (e.g. an organization trail from a member account): nothing known to be selected.
      }
      if (t.HasInsightSelectors === true) {
        try {
          const ins = await call<{ InsightSelectors?: Array<{ InsightType?: string }> }>(
            client,
            new GetInsightSelectorsCommand({ TrailName: arn }),
          );
          posture.insights = (ins.InsightSelectors ?? [])
            .map((x) => x.InsightType)
            .filter((x): x is string => typeof x === 'string');
        } catch {
          // InsightNotEnabledException or not readable (access denied): no insight known to be selected.
        }
      }
      trails.set(arn, posture);
    }
  }

  const s3 = clientOf('s3', o.regions[0] as string, (c: S3ClientConfig) => new S3Client(c));
  const buckets: AccountPosture['buckets'] = {};
  for (const name of new Set([...trails.values()].map((t) => t.bucket))) {
    buckets[name] = await readBucket(name, s3, call);
  }
  const keys: AccountPosture['keys'] = {};
  for (const t of trails.values()) {
    if (!t.kmsKeyId || keys[t.kmsKeyId] !== undefined) continue;
    const region = t.kmsKeyId.split(':')[3] || t.homeRegion;
    const kms = clientOf('kms', region, (c: KMSClientConfig) => new KMSClient(c));
    keys[t.kmsKeyId] = await readKey(t.kmsKeyId, kms, call);
  }
  let config: AccountPosture['config'];
  if (o.config) {
    config = {};
    for (const region of o.regions) {
      const client = clientOf('config', region, (c: ConfigServiceClientConfig) => new ConfigServiceClient(c));
      config[region] = await readConfig(client, call);
    }
  }
  return {
    account: o.account,
    regions: o.regions,
    trails: [...trails.values()],
    buckets,
    keys,
    config,
    calls,
  };
}

type Call = <T>(client: Sender, command: { constructor: { name: string } }) => Promise<T>;

async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (NOT_CONFIGURED.has(errorName(e))) return undefined;
    throw e;
  }
}

async function readBucket(name: string, s3: Sender, call: Call): Promise<BucketPosture | string> {
  try {
    const policy = await optional(() =>
      call<{ Policy?: string }>(s3, new GetBucketPolicyCommand({ Bucket: name })),
    );
    const pab = await optional(() =>
      call<{ PublicAccessBlockConfiguration?: Record<string, boolean> }>(
        s3,
        new GetPublicAccessBlockCommand({ Bucket: name }),
      ),
    );
    const acl = await call<{ Grants?: Array<{ Grantee?: { URI?: string }; Permission?: string }> }>(
      s3,
      new GetBucketAclCommand({ Bucket: name }),
    );
    const enc = await optional(() =>
      call<{
        ServerSideEncryptionConfiguration?: {
          Rules?: Array<{ ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string } }>;
        };
      }>(s3, new GetBucketEncryptionCommand({ Bucket: name })),
    );
    const ver = await call<{ Status?: string }>(s3, new GetBucketVersioningCommand({ Bucket: name }));
    const lock = await optional(() =>
      call<{ ObjectLockConfiguration?: { Rule?: { DefaultRetention?: { Days?: number; Years?: number } } } }>(
        s3,
        new GetObjectLockConfigurationCommand({ Bucket: name }),
      ),
    );
    const life = await optional(() =>
      call<{ Rules?: Array<{ Status?: string; Expiration?: { Days?: number } }> }>(
        s3,
        new GetBucketLifecycleConfigurationCommand({ Bucket: name }),
      ),
    );
    const logging = await call<{ LoggingEnabled?: { TargetBucket?: string } }>(
      s3,
      new GetBucketLoggingCommand({ Bucket: name }),
    );
    const p = pab?.PublicAccessBlockConfiguration;
    const retention = lock?.ObjectLockConfiguration?.Rule?.DefaultRetention;
    const expirations = (life?.Rules ?? [])
      .filter((r) => r.Status === 'Enabled' && r.Expiration?.Days !== undefined)
      .map((r) => r.Expiration?.Days as number);
    return {
      name,
      policy: policy?.Policy ? JSON.parse(policy.Policy) : undefined,
      publicAccessBlocked:
        p !== undefined &&
        !!(p.BlockPublicAcls && p.IgnorePublicAcls && p.BlockPublicPolicy && p.RestrictPublicBuckets),
      publicAclGrants: (acl.Grants ?? [])
        .filter((g) => /\/global\/(AllUsers|AuthenticatedUsers)$/.test(g.Grantee?.URI ?? ''))
        .map((g) => `${g.Grantee?.URI?.split('/').at(-1)}:${g.Permission}`),
      encryption:
        enc?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
      versioning: ver.Status === 'Enabled',
      objectLockDays: retention ? (retention.Days ?? (retention.Years ?? 0) * 365) : undefined,
      expirationDays: expirations.length ? Math.min(...expirations) : undefined,
      accessLoggingTarget: logging.LoggingEnabled?.TargetBucket,
    };
  } catch (e) {
    return errorName(e);
  }
}

async function readKey(keyId: string, kms: Sender, call: Call): Promise<KeyPosture | string> {
  try {
    const d = await call<{ KeyMetadata?: { Arn?: string; KeyManager?: string } }>(
      kms,
      new DescribeKeyCommand({ KeyId: keyId }),
    );
    const r = await call<{ KeyRotationEnabled?: boolean }>(
      kms,
      new GetKeyRotationStatusCommand({ KeyId: keyId }),
    );
    const p = await call<{ Policy?: string }>(
      kms,
      new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }),
    );
    return {
      arn: d.KeyMetadata?.Arn ?? keyId,
      rotation: r.KeyRotationEnabled === true,
      customerManaged: d.KeyMetadata?.KeyManager === 'CUSTOMER',
      policy: p.Policy ? (JSON.parse(p.Policy) as PolicyDocument) : undefined,
    };
  } catch (e) {
    return errorName(e);
  }
}

async function readConfig(client: Sender, call: Call): Promise<ConfigRecorderPosture> {
  const r = await call<{
    ConfigurationRecorders?: Array<{
      recordingGroup?: { allSupported?: boolean; includeGlobalResourceTypes?: boolean };
    }>;
  }>(client, new DescribeConfigurationRecordersCommand({}));
  const s = await call<{ ConfigurationRecordersStatus?: Array<{ recording?: boolean }> }>(
    client,
    new DescribeConfigurationRecorderStatusCommand({}),
  );
  const recorders = r.ConfigurationRecorders ?? [];
  return {
    recorders: recorders.length,
    recording: (s.ConfigurationRecordersStatus ?? []).some((x) => x.recording === true),
    allSupported: recorders.some((x) => x.recordingGroup?.allSupported === true),
    includeGlobalResourceTypes: recorders.some((x) => x.recordingGroup?.includeGlobalResourceTypes === true),
  };
}
