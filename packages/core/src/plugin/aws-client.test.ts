import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { isRetryableAwsError, resolveAwsClient, s3CompatibleConfig } from './aws-client';

describe('resolveAwsClient', () => {
  it('uses the given client, else builds one from clientConfig, never both', () => {
    const ready = { send: () => undefined };
    expect(resolveAwsClient('src', { client: ready }, () => ({ send: () => undefined }))).toBe(ready);
    const built = resolveAwsClient('src', { clientConfig: { region: 'eu-west-1' } }, (c) => ({ config: c }));
    expect(built).toEqual({ config: { region: 'eu-west-1' } });
    expect(resolveAwsClient('src', {}, (c) => ({ config: c }))).toEqual({ config: {} });
    expect(() => resolveAwsClient('src', { client: ready, clientConfig: {} }, () => ready)).toThrow(
      ConfigError,
    );
  });
});

describe('s3CompatibleConfig', () => {
  it('is path-style with checksums only when required', () => {
    expect(s3CompatibleConfig('http://127.0.0.1:9000')).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
});

describe('isRetryableAwsError', () => {
  it('retries throttling, 5xx, 429, the SDK mark and network errors; not 4xx or aborts', () => {
    const retryable = [
      { name: 'ThrottlingException' },
      { name: 'SlowDown' },
      { name: 'Whatever', $metadata: { httpStatusCode: 503 } },
      { name: 'Whatever', $metadata: { httpStatusCode: 429 } },
      { name: 'Whatever', $retryable: { throttling: true } },
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    const final = [
      { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } },
      { name: 'ValidationException', $metadata: { httpStatusCode: 400 } },
      { name: 'AbortError', $metadata: { httpStatusCode: 503 } },
      'text',
      undefined,
    ];
    for (const e of retryable) expect(isRetryableAwsError(e), JSON.stringify(e)).toBe(true);
    for (const e of final) expect(isRetryableAwsError(e), JSON.stringify(e)).toBe(false);
  });
});
