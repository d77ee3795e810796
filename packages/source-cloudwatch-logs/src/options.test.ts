import { readFileSync } from 'node:fs';
import { ConfigError } from '@trailkit/core';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { CLOUDWATCH_LOGS_SOURCE_OPTIONS, resolveOptions } from './options';

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
    expect(resolveOptions({ logGroupName: 'g' })).toMatchObject({
      name: 'cloudwatch-logs',
      follow: false,
      pollInterval: 5000,
      lateness: 60_000,
      batchSize: 1000,
      retry: { attempts: 8, baseMs: 200, maxMs: 10_000 },
    });
    expect(resolveOptions({ logGroupName: 'g', retry: { attempts: 2 } }).retry).toEqual({
      attempts: 2,
      baseMs: 200,
      maxMs: 10_000,
    });
  });
  it('names the bad option', () => {
    expect(configMessage(() => resolveOptions({} as never))).toBe(
      'cloudWatchLogsSource: logGroupName is required',
    );
    expect(configMessage(() => resolveOptions({ logGroupName: 'g', attempts: 2 } as never))).toMatch(
      /retry: \{ attempts \}/,
    );
    expect(
      configMessage(() => resolveOptions({ logGroupName: 'g', client: {}, clientConfig: {} } as never)),
    ).toMatch(/give client or clientConfig, not both/);
    expect(
      configMessage(() => resolveOptions({ logGroupName: 'g', logStreamNames: Array(101).fill('s') })),
    ).toMatch(/logStreamNames/);
    expect(configMessage(() => resolveOptions({ logGroupName: 'g', since: 10, until: 5 }))).toMatch(
      /until must not be before since/,
    );
  });
  it('the README option table is the one generated from the schema (`pnpm readme:options`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(optionsTableDrift(readme, CLOUDWATCH_LOGS_SOURCE_OPTIONS)).toBeUndefined();
  });
});
