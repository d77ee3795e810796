import { AwsJsonError, startJsonProtocolServer } from '../http/json-protocol-server';

/** A KMS key the local KMS server knows. */
export interface KmsKeyDefinition {
  /** The key id (a UUID in AWS; any string here). */
  keyId: string;
  /** Region of the key (default `us-east-1`). */
  region?: string;
  /** Owning account (default `123456789012`). */
  account?: string;
  /** Aliases that name the key (`alias/...`). */
  aliases?: string[];
  /** Automatic rotation on (default false). */
  rotation?: boolean;
  /** The key policy (default: the account root may do everything). */
  policy?: object;
  /** `CUSTOMER` (default) or `AWS` (an AWS managed key). */
  keyManager?: 'CUSTOMER' | 'AWS';
  /** Key state (default `Enabled`). */
  keyState?: 'Enabled' | 'Disabled' | 'PendingDeletion';
}

/** A running local KMS endpoint. */
export interface KmsServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Add a key. Returns its ARN. */
  putKey(key: KmsKeyDefinition): string;
  /** Operation names of every call, in order. */
  readonly calls: string[];
  /** Stop the server. */
  stop(): Promise<void>;
}

function arnOf(key: KmsKeyDefinition): string {
  return `arn:aws:kms:${key.region ?? 'us-east-1'}:${key.account ?? '123456789012'}:key/${key.keyId}`;
}

/**
 * Start a local KMS endpoint (AWS JSON 1.1, `X-Amz-Target: TrentService.<Operation>`) on 127.0.0.1 with
 * `DescribeKey`, `GetKeyRotationStatus` and `GetKeyPolicy` (policy name `default` only). A key is found by
 * id, ARN, alias name or alias ARN; others get `NotFoundException`.
 */
export async function startKmsServer(): Promise<KmsServer> {
  const keys: KmsKeyDefinition[] = [];
  const calls: string[] = [];
  const find = (input: Record<string, unknown>): KmsKeyDefinition => {
    const id = input.KeyId;
    if (typeof id !== 'string' || id === '')
      throw new AwsJsonError('ValidationException', 'KeyId is required');
    const key = keys.find((k) => {
      const arn = arnOf(k);
      const prefix = arn.slice(0, arn.indexOf(':key/'));
      return (
        k.keyId === id || arn === id || (k.aliases ?? []).some((a) => a === id || `${prefix}:${a}` === id)
      );
    });
    if (!key) throw new AwsJsonError('NotFoundException', `Key '${id}' does not exist`);
    return key;
  };
  const server = await startJsonProtocolServer({
    targetPrefix: 'TrentService',
    errorNamespace: 'com.amazonaws.kms',
    onTarget: (operation) => calls.push(operation),
    operations: {
      DescribeKey: (input) => {
        const key = find(input);
        const state = key.keyState ?? 'Enabled';
        return {
          KeyMetadata: {
            AWSAccountId: key.account ?? '123456789012',
            KeyId: key.keyId,
            Arn: arnOf(key),
            CreationDate: 1_700_000_000,
            Enabled: state === 'Enabled',
            KeyState: state,
            KeyManager: key.keyManager ?? 'CUSTOMER',
            KeyUsage: 'ENCRYPT_DECRYPT',
            KeySpec: 'SYMMETRIC_DEFAULT',
            Origin: 'AWS_KMS',
          },
        };
      },
      GetKeyRotationStatus: (input) => ({ KeyRotationEnabled: find(input).rotation ?? false }),
      GetKeyPolicy: (input) => {
        const key = find(input);
        const name = input.PolicyName ?? 'default';
        if (name !== 'default')
          throw new AwsJsonError('NotFoundException', `No such policy: ${String(name)}`);
        const account = key.account ?? '123456789012';
        const policy = key.policy ?? {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Enable IAM User Permissions',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${account}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        };
        return { Policy: JSON.stringify(policy), PolicyName: 'default' };
      },
    },
  });
  return {
    endpoint: server.endpoint,
    putKey: (key) => {
      keys.push(key);
      return arnOf(key);
    },
    calls,
    stop: () => server.stop(),
  };
}
