import { describe, expect, it } from 'vitest';
import { consoleEventUrl } from './console-link';

describe('consoleEventUrl', () => {
  it('builds the CloudTrail console event URL', () => {
    expect(consoleEventUrl('us-east-1', '9fd68588-ecbf-4528-a345-199fa6bb0821')).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events/9fd68588-ecbf-4528-a345-199fa6bb0821',
    );
  });
  it('refuses missing or implausible parts (no injection into links)', () => {
    expect(consoleEventUrl(undefined, 'x')).toBeUndefined();
    expect(consoleEventUrl('us-east-1', undefined)).toBeUndefined();
    expect(consoleEventUrl('evil.com/x', 'id')).toBeUndefined();
    expect(consoleEventUrl('us-east-1', 'a|b>')).toBeUndefined();
  });
});
