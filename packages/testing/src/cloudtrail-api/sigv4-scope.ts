import type { IncomingMessage } from 'node:http';

/** The access key and region of a SigV4-signed request (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
export function sigV4Scope(headers: IncomingMessage['headers']): { accessKeyId: string; region: string } {
  const auth = typeof headers.authorization === 'string' ? headers.authorization : '';
  const match = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\//.exec(auth);
  return { accessKeyId: match?.[1] ?? 'anonymous', region: match?.[2] ?? 'us-east-1' };
}
