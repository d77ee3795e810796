import { readFileSync } from 'node:fs';
import { ConfigError } from '@trailkit/core';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { FILE_SINK_OPTIONS, resolveOptions } from './options';

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
  it('fills in the defaults of each mode', () => {
    expect(resolveOptions({ dir: 'out' })).toMatchObject({
      mode: 'dir',
      target: 'out',
      gzip: false,
      fsync: false,
      prefix: 'trailkit',
      maxOpenFiles: 32,
      maxBytes: Number.POSITIVE_INFINITY,
    });
    expect(resolveOptions({ path: 'a.ndjson', gzip: true })).toMatchObject({
      mode: 'path',
      target: 'a.ndjson',
      gzip: true,
      append: false,
    });
  });
  it('names the bad option', () => {
    expect(configMessage(() => resolveOptions({} as never))).toBe('fileSink: dir or path is required');
    expect(configMessage(() => resolveOptions({ dir: 'a', path: 'b' } as never))).toMatch(
      /give dir or path, not both/,
    );
    expect(configMessage(() => resolveOptions({ dir: 'a', rotate: { maxBytes: 0 } }))).toMatch(
      /rotate\.maxBytes must be > 0, got 0/,
    );
    expect(configMessage(() => resolveOptions({ dir: 'a', maxOpenFiles: 0 }))).toMatch(/maxOpenFiles/);
    expect(configMessage(() => resolveOptions({ path: 'a', prefix: 'x' } as never))).toMatch(
      /prefix need dir, not path/,
    );
    expect(configMessage(() => resolveOptions({ dir: 'a', append: true } as never))).toMatch(
      /append needs path/,
    );
  });
  it('the README option table is the one generated from the schema (`pnpm readme:options`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(optionsTableDrift(readme, FILE_SINK_OPTIONS)).toBeUndefined();
  });
});
