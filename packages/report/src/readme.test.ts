import { readFileSync } from 'node:fs';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { expect, it } from 'vitest';
import { REPORT_OPTIONS_SCHEMA } from './options';

it('the README option table is generated from the schema', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(optionsTableDrift(readme, REPORT_OPTIONS_SCHEMA)).toBeUndefined();
});
