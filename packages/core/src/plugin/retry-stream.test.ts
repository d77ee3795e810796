import { describe, expect, it } from 'vitest';
import { retryStream } from './retry-stream';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe('retryStream', () => {
  it('opens the stream again after a failure; open decides where the new attempt resumes', async () => {
    let delivered = 0;
    const opened: number[] = [];
    const items = await collect(
      retryStream(
        async function* (attempt) {
          opened.push(attempt);
          for (let i = delivered; i < 5; i++) {
            if (attempt === 1 && i === 2) throw new Error('reset');
            delivered += 1;
            yield i;
          }
        },
        { attempts: 3, baseMs: 1, maxMs: 1 },
      ),
    );
    expect(items).toEqual([0, 1, 2, 3, 4]);
    expect(opened).toEqual([1, 2]);
  });

  it('stops after the attempts, and at once for an error shouldRetry refuses or marked not retryable', async () => {
    let opens = 0;
    const failing = (error: unknown) =>
      retryStream<number>(
        // biome-ignore lint/correctness/useYield: a stream that fails before its first item
        async function* () {
          opens += 1;
          throw error;
        },
        { attempts: 3, baseMs: 1, maxMs: 1, shouldRetry: (e) => (e as Error).message !== 'fatal' },
      );
    await expect(collect(failing(new Error('flaky')))).rejects.toThrow('flaky');
    expect(opens).toBe(3);
    opens = 0;
    await expect(collect(failing(new Error('fatal')))).rejects.toThrow('fatal');
    expect(opens).toBe(1);
    opens = 0;
    await expect(collect(failing(Object.assign(new Error('400'), { isRetryable: false })))).rejects.toThrow(
      '400',
    );
    expect(opens).toBe(1);
  });
});
