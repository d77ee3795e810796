import { describe, expect, it } from 'vitest';
import { dateRange, layoutOf } from './layout';
import { ReadAhead } from './read-ahead';

describe('layoutOf', () => {
  it('reads an organization trail key', () => {
    const key =
      '/data/AWSLogs/o-abcdef1234/111122223333/CloudTrail/eu-west-1/2024/02/29/111122223333_CloudTrail_eu-west-1_20240229T2355Z_abcdefghijklmnop.json.gz';
    expect(layoutOf(key)).toEqual({
      orgId: 'o-abcdef1234',
      account: '111122223333',
      kind: 'CloudTrail',
      region: 'eu-west-1',
      year: 2024,
      month: 2,
      day: 29,
      fileTime: Date.parse('2024-02-29T23:55:00Z'),
    });
  });

  it('reads partial paths, and rejects what is not the layout', () => {
    expect(layoutOf('x/AWSLogs/111122223333/CloudTrail-Digest')).toEqual({
      account: '111122223333',
      kind: 'CloudTrail-Digest',
    });
    expect(layoutOf('x/AWSLogs/111122223333/CloudTrail/us-east-1/2023/7')).toEqual({
      account: '111122223333',
      kind: 'CloudTrail',
      region: 'us-east-1',
      year: 2023,
    });
    expect(layoutOf('x/AWSLogs/not-an-account/CloudTrail')).toBeUndefined();
    expect(layoutOf('/tmp/logs/file.json')).toBeUndefined();
  });

  it('gives the time range of date folders', () => {
    const day = layoutOf('AWSLogs/111122223333/CloudTrail/us-east-1/2023/12/31');
    expect(dateRange(day ?? {})).toEqual({
      start: Date.parse('2023-12-31T00:00:00Z'),
      end: Date.parse('2024-01-01T00:00:00Z'),
    });
    const month = layoutOf('AWSLogs/111122223333/CloudTrail/us-east-1/2023/12');
    expect(dateRange(month ?? {})?.end).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(dateRange({ account: '111122223333' })).toBeUndefined();
  });
});

describe('ReadAhead', () => {
  it('reads at most `capacity` items ahead, keeps order, throws the error where it happened', async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 5; i++) {
        produced++;
        yield i;
      }
      throw new Error('broken after 5');
    }
    const ahead = new ReadAhead(source(), 2);
    await new Promise((r) => setTimeout(r, 10));
    expect(produced).toBe(2);
    const got: number[] = [];
    await expect(
      (async () => {
        for (;;) {
          const item = await ahead.next();
          if (item === undefined) return;
          got.push(item);
        }
      })(),
    ).rejects.toThrow('broken after 5');
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it('close() stops the producer and runs its cleanup', async () => {
    let cleaned = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleaned = true;
      }
    }
    const ahead = new ReadAhead(source(), 3);
    expect(await ahead.next()).toBe(0);
    await ahead.close();
    expect(cleaned).toBe(true);
  });
});
