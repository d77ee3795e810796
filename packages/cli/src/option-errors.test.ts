import { ConfigError } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { UsageError } from './errors';
import { asOptionError } from './option-errors';

describe('asOptionError', () => {
  it('names the command-line option instead of the component and its option', () => {
    for (const [component, detail, shown] of [
      ['s3Source', 'regions[0] must be an AWS region, got "xx"', '--region: must be an AWS region, got "xx"'],
      ['filesSource', 'regions: "useast" is not a region', '--region: "useast" is not a region'],
      ['s3Source', 'organizationId must be an organization id', '--org-id: must be an organization id'],
      ['athenaSource', 'workGroup must be a name', '--workgroup: must be a name'],
    ] as const) {
      const error = asOptionError(new ConfigError(component, detail));
      expect(UsageError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(shown);
    }
  });

  it('leaves other errors as they are', () => {
    const unknown = new ConfigError('s3Source', 'lookBackMinutes must be a number');
    expect(asOptionError(unknown)).toBe(unknown);
    const other = new Error('regions: boom');
    expect(asOptionError(other)).toBe(other);
  });
});
