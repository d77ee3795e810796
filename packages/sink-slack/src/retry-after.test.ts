import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:02 GMT', now)).toBe(2000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });
  it('ignores absent or malformed values', () => {
    for (const v of [undefined, null, '', 'later', '-1', '1.5'])
      expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});
