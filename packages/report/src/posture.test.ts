import { describe, expect, it } from 'vitest';
import { samplePosture } from '../test/helpers';
import { postureSection } from './posture';

describe('postureSection', () => {
  it('orders checks by CIS number (3.10 after 3.5), then the others as run, and counts per check', () => {
    const input = samplePosture();
    const before = structuredClone(input);
    const p = postureSection(input);
    expect(p.checks.map((c) => c.check)).toEqual([
      'cis-3.1',
      'cis-3.3',
      'cis-3.5',
      'cis-3.10',
      'trailkit-logging',
      'trailkit-organization',
    ]);
    expect(p.counts).toEqual({ pass: 8, fail: 7, 'not-applicable': 1, error: 1 });
    const sum = p.checks.reduce(
      (n, c) => n + c.counts.pass + c.counts.fail + c.counts['not-applicable'] + c.counts.error,
      0,
    );
    expect(sum).toBe(input.results.length);
    expect(p.checks.find((c) => c.check === 'cis-3.3')?.counts).toEqual({
      pass: 1,
      fail: 1,
      'not-applicable': 0,
      error: 1,
    });
    expect(p.accounts).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(input).toEqual(before);
  });

  it('lists results by account, then check order, then region', () => {
    const p = postureSection(samplePosture());
    const first = p.results
      .filter((r) => r.account === '111111111111')
      .map((r) => `${r.check} ${r.region ?? '-'}`);
    expect(first).toEqual([
      'cis-3.1 us-east-1',
      'cis-3.3 -',
      'cis-3.5 eu-west-1',
      'cis-3.5 us-east-1',
      'cis-3.10 us-east-1',
      'trailkit-logging us-east-1',
      'trailkit-organization -',
      'trailkit-organization -',
      'trailkit-organization -',
    ]);
    expect(p.results.at(-1)?.account).toBe('333333333333');
    expect(p.calls).toEqual({ DescribeTrails: 6, GetTrailStatus: 2, GetBucketPolicy: 2 });
  });
});
