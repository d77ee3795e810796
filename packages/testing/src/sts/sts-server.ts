import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A role the STS server lets callers assume. */
export interface StsRole {
  /** The role ARN, e.g. `arn:aws:iam::111122223333:role/TrailkitAudit`. */
  arn: string;
  /** The external id the role's trust policy requires (when undefined, any or none is accepted). */
  externalId?: string;
}

/** One AssumeRole call the server received. */
export interface ReceivedAssumeRole {
  roleArn: string;
  roleSessionName: string;
  externalId: string | undefined;
  /** The access key that signed the call (the caller). */
  callerAccessKeyId: string;
  /** The temporary access key issued, or undefined when refused. */
  issuedAccessKeyId: string | undefined;
  /** The error code when refused (`AccessDenied`, ...). */
  error: string | undefined;
}

/** A running local STS endpoint. */
export interface StsServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Let callers assume this role. */
  addRole(role: StsRole): void;
  /** Every AssumeRole call, in order. */
  readonly calls: ReceivedAssumeRole[];
  /** Stop the server. */
  stop(): Promise<void>;
}

/**
 * The account an access key issued by {@link startStsServer} belongs to: its keys are `ASIA` + the 12-digit
 * account id + random characters, so that other local servers (e.g. the CloudTrail server) can tell which
 * account a signed request comes from. `undefined` for other keys.
 */
export function accountOfAccessKey(accessKeyId: string): string | undefined {
  return /^ASIA(\d{12})/.exec(accessKeyId)?.[1];
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Start a local STS endpoint (AWS query protocol: `POST /` with a form body `Action=AssumeRole&Version=2011-06-15
 * &RoleArn=…&RoleSessionName=…[&ExternalId=…]`, XML answers) on 127.0.0.1 and a random port. AssumeRole
 * succeeds for a role added with `addRole` whose external id matches, and answers `AccessDenied` (403)
 * otherwise, as STS does for a missing role or a trust policy that does not allow the caller. Other actions
 * are `InvalidAction`. Signatures are not checked.
 */
export async function startStsServer(): Promise<StsServer> {
  const roles = new Map<string, StsRole>();
  const calls: ReceivedAssumeRole[] = [];
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const error = (res: ServerResponse, status: number, code: string, message: string) =>
    send(
      res,
      status,
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    );
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const action = form.get('Action');
    if (req.method !== 'POST' || action !== 'AssumeRole') {
      return error(
        res,
        400,
        'InvalidAction',
        `Could not find operation ${action ?? ''} for version 2011-06-15`,
      );
    }
    const roleArn = form.get('RoleArn') ?? '';
    const roleSessionName = form.get('RoleSessionName') ?? '';
    const externalId = form.get('ExternalId') ?? undefined;
    const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    const callerAccessKeyId = /Credential=([^/,\s]+)\//.exec(auth)?.[1] ?? 'anonymous';
    const call: ReceivedAssumeRole = {
      roleArn,
      roleSessionName,
      externalId,
      callerAccessKeyId,
      issuedAccessKeyId: undefined,
      error: undefined,
    };
    calls.push(call);
    if (!/^[\w+=,.@-]{2,64}$/.test(roleSessionName)) {
      call.error = 'ValidationError';
      return error(res, 400, 'ValidationError', 'RoleSessionName must satisfy [\\w+=,.@-]{2,64}');
    }
    const role = roles.get(roleArn);
    if (!role || (role.externalId !== undefined && role.externalId !== externalId)) {
      call.error = 'AccessDenied';
      return error(
        res,
        403,
        'AccessDenied',
        `User: ${callerAccessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    const account = /^arn:aws[\w-]*:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    const accountId = account?.[1] ?? '000000000000';
    const roleName = (account?.[2] ?? 'role').split('/').at(-1) as string;
    const accessKeyId = `ASIA${accountId}${randomBytes(4).toString('hex').toUpperCase()}`;
    call.issuedAccessKeyId = accessKeyId;
    const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    send(
      res,
      200,
      `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::${accountId}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(roleSessionName)}</Arn><AssumedRoleId>AROA${accountId}:${xmlEscape(roleSessionName)}</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('hex')}</SecretAccessKey><SessionToken>${randomBytes(32).toString('base64')}</SessionToken><Expiration>${expiration}</Expiration></Credentials><PackedPolicySize>0</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    addRole: (role) => roles.set(role.arn, role),
    calls,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
