import { describe, expect, it } from 'vitest';
import { S3RequestError, S3ThrottledError } from './errors';
import { retryingCall } from './retrying-call';

const policy = { attempts: 3, baseMs: 1, maxMs: 2 };
const slowDown = () =>
  Object.assign(new Error('slow down'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });

describe('retryingCall', () => {
  it('retries retryable errors and returns the first success', async () => {
    let calls = 0;
    const out = await retryingCall(policy, 's3', 's3://b/k', new AbortController().signal, async () => {
      calls += 1;
      if (calls < 3) throw slowDown();
      return 'ok';
    });
    expect([out, calls]).toEqual(['ok', 3]);
  });

  it('turns exhausted retries into S3ThrottledError naming the object and the attempts', async () => {
    let calls = 0;
    const error = await retryingCall(policy, 'src', 's3://b/k', new AbortController().signal, async () => {
      calls += 1;
      throw slowDown();
    }).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(S3ThrottledError);
    expect(error).toMatchObject({ attempts: 3 });
    expect(String((error as Error).message)).toContain('s3://b/k');
  });

  it('does not retry other errors, and rethrows as is once the signal aborted', async () => {
    let calls = 0;
    const error = await retryingCall(policy, 'src', 'queue', new AbortController().signal, async () => {
      calls += 1;
      throw new TypeError('bad input');
    }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(S3RequestError);
    expect((error as Error).message).toContain('TypeError: bad input');

    const controller = new AbortController();
    const abort = new Error('aborted');
    const raw = await retryingCall(policy, 'src', 'queue', controller.signal, async () => {
      controller.abort();
      throw abort;
    }).catch((e: unknown) => e);
    expect(raw).toBe(abort);
  });
});
