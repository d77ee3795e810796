import { readFileSync } from 'node:fs';
import { ConfigError } from '@trailkit/core';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { ATHENA_SOURCE_OPTIONS, resolveOptions } from './options';

function configMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (ConfigError.isInstance(e)) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveOptions', () => {
  it('fills in the defaults, retries in the pipeline RetryPolicy names', () => {
    expect(resolveOptions({ database: 'd', query: 'SELECT 1' })).toMatchObject({
      name: 'athena',
      pollInterval: 500,
      maxPollInterval: 5000,
      pageSize: 1000,
      batchSize: 500,
      retry: { attempts: 6, baseMs: 200, maxMs: 10_000 },
    });
  });
  it('names the bad option', () => {
    expect(configMessage(() => resolveOptions({ query: 'x' } as never))).toBe(
      'athenaSource: database is required',
    );
    expect(configMessage(() => resolveOptions({ database: 'd', query: 'x', attempts: 2 } as never))).toMatch(
      /retry: \{ attempts \}/,
    );
    expect(
      configMessage(() => resolveOptions({ database: 'd', query: 'x', outputLocation: 'bucket' })),
    ).toMatch(/outputLocation must match/);
    expect(
      configMessage(() =>
        resolveOptions({ database: 'd', table: 't', filters: { since: 0 }, executionParameters: ['1'] }),
      ),
    ).toMatch(/executionParameters or filters, not both/);
  });
  it('the README option table is the one generated from the schema (`pnpm readme:options`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(optionsTableDrift(readme, ATHENA_SOURCE_OPTIONS)).toBeUndefined();
  });
});
