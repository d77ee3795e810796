/**
 * Name the S3 API operation of a path-style request, as the AWS SDK sends it. Used to count requests and
 * to aim injected faults.
 */
export type S3Operation =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'DeleteBucket'
  | 'HeadBucket'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'GetObject'
  | 'HeadObject'
  | 'PutObject'
  | 'CopyObject'
  | 'DeleteObject'
  | 'DeleteObjects'
  | 'Other';

/** What a request is about: its operation, bucket and key (both `''` when absent). */
export interface S3RequestInfo {
  operation: S3Operation;
  bucket: string;
  key: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
}

/** Classify a path-style S3 request (`/<bucket>/<key>?query`). */
export function classifyS3Request(
  method: string,
  url: string,
  headers: Record<string, unknown>,
): S3RequestInfo {
  const parsed = new URL(url, 'http://localhost');
  const query: Record<string, string> = {};
  for (const [name, value] of parsed.searchParams) query[name] = value;
  const path = parsed.pathname.replace(/^\//, '');
  const slash = path.indexOf('/');
  const bucket = decodeURIComponent(slash === -1 ? path : path.slice(0, slash));
  const key = slash === -1 ? '' : decodeURIComponent(path.slice(slash + 1));
  return { operation: operationOf(method.toUpperCase(), bucket, key, query, headers), bucket, key, query };
}

function operationOf(
  method: string,
  bucket: string,
  key: string,
  query: Record<string, string>,
  headers: Record<string, unknown>,
): S3Operation {
  if (bucket === '') return method === 'GET' ? 'ListBuckets' : 'Other';
  if (key === '') {
    if (method === 'GET' && Object.keys(query).every((name) => LIST_PARAMETERS.has(name))) {
      return query['list-type'] === '2' ? 'ListObjectsV2' : 'ListObjects';
    }
    if (method === 'PUT' && Object.keys(query).length === 0) return 'CreateBucket';
    if (method === 'DELETE' && Object.keys(query).length === 0) return 'DeleteBucket';
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'POST' && 'delete' in query) return 'DeleteObjects';
    return 'Other';
  }
  if (Object.keys(query).some((name) => !OBJECT_PARAMETERS.has(name))) return 'Other';
  switch (method) {
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      return headers['x-amz-copy-source'] === undefined ? 'PutObject' : 'CopyObject';
    case 'DELETE':
      return 'DeleteObject';
    default:
      return 'Other';
  }
}

const LIST_PARAMETERS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'marker',
  'start-after',
  'continuation-token',
  'fetch-owner',
  'encoding-type',
  'x-id',
]);

const OBJECT_PARAMETERS = new Set(['x-id', 'versionId', 'partNumber', 'response-content-type']);
