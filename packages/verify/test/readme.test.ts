import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { VERIFY_TRAIL_SCHEMA } from '../src/index';

describe('README', () => {
  it('holds the options table generated from the schema', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    expect(optionsTableDrift(readme, VERIFY_TRAIL_SCHEMA)).toBeUndefined();
  });
});
