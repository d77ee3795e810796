import { readFileSync } from 'node:fs';
import { ConfigError, filesSource, pipeline } from '@trailkit/core';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { HANDLER_OPTIONS_SCHEMA } from './options';
import { sqsHandler } from './sqs-handler';

describe('handler options', () => {
  it('the README table is generated from the schema', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(optionsTableDrift(readme, HANDLER_OPTIONS_SCHEMA)).toBeUndefined();
  });

  it('rejects a pipeline that already has a source, both client and clientConfig, bad numbers', () => {
    const withSource = pipeline().from(filesSource({ paths: ['.'] }));
    expect(() => sqsHandler({ pipeline: withSource })).toThrow(/must not have a source/);
    const p = pipeline();
    expect(() => sqsHandler({ pipeline: p, client: {} as never, clientConfig: {} })).toThrow(/not both/);
    let error: unknown;
    try {
      sqsHandler({ pipeline: p, safetyMarginMs: -1 });
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/sqsHandler: safetyMarginMs must be >= 0/);
    expect(() => sqsHandler({ pipeline: p, unknown: 1 } as never)).toThrow(/unknown option unknown/);
    expect(() => sqsHandler({ pipeline: {} as never })).toThrow(
      /pipeline must be a pipeline\(\) without a source/,
    );
    expect(() => sqsHandler({} as never)).toThrow(/pipeline is required/);
  });
});
