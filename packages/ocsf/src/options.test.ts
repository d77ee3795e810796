import { readFileSync } from 'node:fs';
import { ConfigError } from '@trailkit/core';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { OCSF_OPTIONS, resolveOcsfOptions } from './options';

describe('OCSF options', () => {
  it('fills in the defaults and rejects unknown or mistyped options', () => {
    expect(resolveOcsfOptions()).toEqual({ rawData: false, unmapped: true });
    expect(resolveOcsfOptions({ rawData: true })).toEqual({ rawData: true, unmapped: true });
    expect(() => resolveOcsfOptions({ raw: true } as never)).toThrow(ConfigError);
    expect(() => resolveOcsfOptions({ unmapped: 1 } as never)).toThrow(/unmapped/);
  });

  it("the README's option table is the schema's", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(optionsTableDrift(readme, OCSF_OPTIONS)).toBeUndefined();
  });
});
