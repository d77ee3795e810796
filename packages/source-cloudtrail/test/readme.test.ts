import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_LAKE_SOURCE_SCHEMA, LOOKUP_EVENTS_SOURCE_SCHEMA } from '../src/index';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const LAKE = README.indexOf('## `cloudTrailLakeSource` options');

describe('README', () => {
  it('has the generated option table of each source', () => {
    expect(LAKE).toBeGreaterThan(0);
    expect(optionsTableDrift(README.slice(0, LAKE), LOOKUP_EVENTS_SOURCE_SCHEMA)).toBeUndefined();
    expect(optionsTableDrift(README.slice(LAKE), CLOUDTRAIL_LAKE_SOURCE_SCHEMA)).toBeUndefined();
  });
});
