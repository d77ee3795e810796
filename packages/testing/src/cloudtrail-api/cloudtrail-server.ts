import { CloudTrailClient, type CloudTrailClientConfig } from '@aws-sdk/client-cloudtrail';
import { AwsJsonError, startJsonProtocolServer } from '../http/json-protocol-server';

/** A public key as the local CloudTrail server serves it (and `aws cloudtrail list-public-keys` prints it). */
export interface ServedPublicKey {
  /** DER of the PKCS#1 RSA public key. */
  der: Uint8Array;
  /** Hex fingerprint digests name in `digestPublicKeyFingerprint`. */
  fingerprint: string;
  /** Start of the key's validity. */
  validFrom: Date;
  /** End of the key's validity. */
  validUntil: Date;
}

/** Options of {@link startCloudTrailServer}. */
export interface CloudTrailServerOptions {
  /** The public keys served (validity decides which a `ListPublicKeys` range returns). */
  publicKeys?: readonly ServedPublicKey[];
  /** Keys returned per `ListPublicKeys` page before a `NextToken` (default 1, to exercise paging). */
  pageSize?: number;
}

/** One request the server received. */
export interface ReceivedCloudTrailRequest {
  operation: string;
  input: Record<string, unknown>;
}

/** A running local CloudTrail control-plane server (`ListPublicKeys`). */
export interface CloudTrailServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** A real `CloudTrailClient` pointed at this server (region `us-east-1` unless overridden, test credentials). */
  client(config?: Partial<CloudTrailClientConfig>): CloudTrailClient;
  /** Every request received, in order. */
  readonly requests: ReceivedCloudTrailRequest[];
  /** Stop the server. */
  stop(): Promise<void>;
}

const TARGET = 'CloudTrail_20131101';

/**
 * Start a local CloudTrail control-plane endpoint (AWS JSON 1.1, `X-Amz-Target:
 * CloudTrail_20131101.<Operation>`, as the SDK v3 sends it) on 127.0.0.1 that answers
 * `ListPublicKeys` as CloudTrail does: keys whose validity overlaps `[StartTime, EndTime]` (default: the last
 * day up to now), `Value` as base64 DER, times as epoch seconds, paged with `NextToken`.
 */
export async function startCloudTrailServer(
  options: CloudTrailServerOptions = {},
): Promise<CloudTrailServer> {
  const requests: ReceivedCloudTrailRequest[] = [];
  const pageSize = options.pageSize ?? 1;
  const keys = options.publicKeys ?? [];
  const server = await startJsonProtocolServer({
    version: '1.1',
    targetPrefix: TARGET,
    errorNamespace: 'com.amazonaws.cloudtrail.v20131101',
    onRequest: (operation, input) => requests.push({ operation, input }),
    operations: {
      ListPublicKeys: (input) => {
        const now = Date.now();
        const start = epochMs(input.StartTime, now - 86_400_000);
        const end = epochMs(input.EndTime, now);
        if (start > end) {
          throw new AwsJsonError('InvalidTimeRangeException', 'StartTime must be before EndTime');
        }
        const matching = keys
          .filter((k) => k.validFrom.getTime() <= end && k.validUntil.getTime() >= start)
          .sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime());
        const offset = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
        if (!Number.isInteger(offset) || offset < 0 || offset > matching.length) {
          throw new AwsJsonError('InvalidTokenException', 'Reading the token failed.');
        }
        const page = matching.slice(offset, offset + pageSize);
        const next = offset + pageSize < matching.length ? String(offset + pageSize) : undefined;
        return {
          PublicKeyList: page.map((k) => ({
            Value: Buffer.from(k.der).toString('base64'),
            ValidityStartTime: k.validFrom.getTime() / 1000,
            ValidityEndTime: k.validUntil.getTime() / 1000,
            Fingerprint: k.fingerprint,
          })),
          ...(next ? { NextToken: next } : {}),
        };
      },
    },
  });
  const clients: CloudTrailClient[] = [];
  return {
    endpoint: server.endpoint,
    requests,
    client(config = {}) {
      const created = new CloudTrailClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'TEST', secretAccessKey: 'TEST' },
        ...config,
      });
      clients.push(created);
      return created;
    },
    async stop() {
      for (const c of clients) c.destroy();
      await server.stop();
    },
  };
}

function epochMs(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsJsonError('SerializationException', 'StartTime and EndTime must be epoch seconds');
  }
  return value * 1000;
}
