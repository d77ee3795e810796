import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { expect, it } from 'vitest';
import { MULTI_ACCOUNT_SOURCE_SCHEMA } from '../src/index';

it('README has the generated option table', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  expect(optionsTableDrift(readme, MULTI_ACCOUNT_SOURCE_SCHEMA)).toBeUndefined();
});
