import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The configuration of one bucket, as the S3 bucket-configuration calls answer it. What is left out is "not
 * configured" (the call answers S3's not-found error for it, as S3 does).
 */
export interface BucketConfiguration {
  /** The bucket policy document (`GetBucketPolicy`). */
  policy?: object;
  /** Public access block (`GetPublicAccessBlock`). */
  publicAccessBlock?: {
    BlockPublicAcls: boolean;
    IgnorePublicAcls: boolean;
    BlockPublicPolicy: boolean;
    RestrictPublicBuckets: boolean;
  };
  /** Default encryption (`GetBucketEncryption`); S3 answers SSE-S3 (`AES256`) for a bucket without. */
  encryption?: { algorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse'; kmsKeyId?: string };
  /** Versioning status (`GetBucketVersioning`; unset: never enabled). */
  versioning?: 'Enabled' | 'Suspended';
  /** Object Lock (`GetObjectLockConfiguration`). */
  objectLock?: { mode?: 'GOVERNANCE' | 'COMPLIANCE'; days?: number };
  /** Lifecycle rules (`GetBucketLifecycleConfiguration`): expiration after `expirationDays`. */
  lifecycle?: Array<{ id: string; enabled: boolean; prefix?: string; expirationDays?: number }>;
  /** Server access logging target (`GetBucketLogging`). */
  logging?: { targetBucket: string; targetPrefix?: string };
  /** Grants to groups beyond the owner's full control (`GetBucketAcl`). */
  aclGrants?: Array<{ group: 'AllUsers' | 'AuthenticatedUsers'; permission: string }>;
}

/** A running local S3 bucket-configuration endpoint. */
export interface BucketConfigServer {
  /** `http://127.0.0.1:<port>` (use with `forcePathStyle: true`). */
  endpoint: string;
  /** Create or replace a bucket and its configuration. */
  putBucket(name: string, config: BucketConfiguration): void;
  /** `"<method> <subresource>"` of every request, in order (e.g. `GET policy`). */
  readonly calls: string[];
  /** Stop the server. */
  stop(): Promise<void>;
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const SUBRESOURCES = [
  'policy',
  'publicAccessBlock',
  'encryption',
  'versioning',
  'object-lock',
  'lifecycle',
  'logging',
  'acl',
] as const;

function xml(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">${inner}</${root}>`;
}

const esc = (t: string) => t.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Start a local S3 REST endpoint (path-style, XML) on 127.0.0.1 answering the bucket-configuration reads that
 * s3rver lacks: `GetBucketPolicy` (`?policy`, JSON body), `GetPublicAccessBlock`, `GetBucketEncryption`,
 * `GetBucketVersioning`, `GetObjectLockConfiguration`, `GetBucketLifecycleConfiguration`, `GetBucketLogging`
 * and `GetBucketAcl`, with S3's error codes for what is not configured (`NoSuchBucketPolicy`,
 * `NoSuchPublicAccessBlockConfiguration`, `ObjectLockConfigurationNotFoundError`,
 * `NoSuchLifecycleConfiguration`) and `NoSuchBucket`. Signatures are not checked.
 */
export async function startBucketConfigServer(): Promise<BucketConfigServer> {
  const buckets = new Map<string, BucketConfiguration>();
  const calls: string[] = [];
  const send = (res: ServerResponse, status: number, body: string, type = 'application/xml') => {
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      'x-amz-request-id': randomUUID(),
    });
    res.end(body);
  };
  const error = (res: ServerResponse, status: number, code: string, message: string, bucket: string) =>
    send(
      res,
      status,
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${esc(message)}</Message><BucketName>${esc(bucket)}</BucketName><RequestId>${randomUUID()}</RequestId></Error>`,
    );
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
    const sub = SUBRESOURCES.find((s) => url.searchParams.has(s));
    calls.push(`${req.method} ${sub ?? url.pathname}`);
    if (req.method !== 'GET' || !sub || url.pathname.split('/').filter(Boolean).length !== 1) {
      return error(res, 501, 'NotImplemented', 'only bucket-configuration reads are implemented', bucket);
    }
    const config = buckets.get(bucket);
    if (!config) return error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', bucket);
    switch (sub) {
      case 'policy':
        if (!config.policy) {
          return error(res, 404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', bucket);
        }
        return send(res, 200, JSON.stringify(config.policy), 'application/json');
      case 'publicAccessBlock': {
        const p = config.publicAccessBlock;
        if (!p) {
          return error(
            res,
            404,
            'NoSuchPublicAccessBlockConfiguration',
            'The public access block configuration was not found',
            bucket,
          );
        }
        const fields = Object.entries(p).map(([k, v]) => `<${k}>${v}</${k}>`);
        return send(res, 200, xml('PublicAccessBlockConfiguration', fields.join('')));
      }
      case 'encryption': {
        const e = config.encryption ?? { algorithm: 'AES256' };
        const key = e.kmsKeyId ? `<KMSMasterKeyID>${esc(e.kmsKeyId)}</KMSMasterKeyID>` : '';
        return send(
          res,
          200,
          xml(
            'ServerSideEncryptionConfiguration',
            `<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${e.algorithm}</SSEAlgorithm>${key}</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule>`,
          ),
        );
      }
      case 'versioning':
        return send(
          res,
          200,
          xml('VersioningConfiguration', config.versioning ? `<Status>${config.versioning}</Status>` : ''),
        );
      case 'object-lock': {
        const o = config.objectLock;
        if (!o) {
          return error(
            res,
            404,
            'ObjectLockConfigurationNotFoundError',
            'Object Lock configuration does not exist for this bucket',
            bucket,
          );
        }
        const rule =
          o.mode && o.days
            ? `<Rule><DefaultRetention><Mode>${o.mode}</Mode><Days>${o.days}</Days></DefaultRetention></Rule>`
            : '';
        return send(
          res,
          200,
          xml('ObjectLockConfiguration', `<ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule}`),
        );
      }
      case 'lifecycle': {
        const rules = config.lifecycle;
        if (!rules || rules.length === 0) {
          return error(
            res,
            404,
            'NoSuchLifecycleConfiguration',
            'The lifecycle configuration does not exist',
            bucket,
          );
        }
        const body = rules
          .map(
            (r) =>
              `<Rule><ID>${esc(r.id)}</ID><Filter><Prefix>${esc(r.prefix ?? '')}</Prefix></Filter><Status>${r.enabled ? 'Enabled' : 'Disabled'}</Status>${r.expirationDays ? `<Expiration><Days>${r.expirationDays}</Days></Expiration>` : ''}</Rule>`,
          )
          .join('');
        return send(res, 200, xml('LifecycleConfiguration', body));
      }
      case 'logging': {
        const l = config.logging;
        const inner = l
          ? `<LoggingEnabled><TargetBucket>${esc(l.targetBucket)}</TargetBucket><TargetPrefix>${esc(l.targetPrefix ?? '')}</TargetPrefix></LoggingEnabled>`
          : '';
        return send(res, 200, xml('BucketLoggingStatus', inner));
      }
      case 'acl': {
        const owner = '<ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>';
        const grants = [
          `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">${owner}</Grantee><Permission>FULL_CONTROL</Permission></Grant>`,
          ...(config.aclGrants ?? []).map(
            (g) =>
              `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/${g.group}</URI></Grantee><Permission>${g.permission}</Permission></Grant>`,
          ),
        ];
        return send(
          res,
          200,
          xml(
            'AccessControlPolicy',
            `<Owner>${owner}</Owner><AccessControlList>${grants.join('')}</AccessControlList>`,
          ),
        );
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    putBucket: (name, config) => buckets.set(name, config),
    calls,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
