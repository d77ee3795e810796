import { readFileSync } from 'node:fs';
import { ConfigError } from '@trailkit/core';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { resolveOptions, WEBHOOK_SINK_OPTIONS } from './options';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (ConfigError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveOptions', () => {
  it('applies defaults', () => {
    const o = resolveOptions({ url: 'https://hooks.example.com/x' });
    expect(o).toMatchObject({
      name: 'webhook(hooks.example.com)',
      batchSize: 500,
      maxBytes: 1024 * 1024,
      timeoutMs: 10_000,
      secret: undefined,
    });
  });
  it('accepts only http: and https: URLs', () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(configError(() => resolveOptions({ url })).message).toMatch(/must be http: or https:/);
    }
    expect(configError(() => resolveOptions({ url: 'not a url' })).code).toBe('CONFIG_INVALID');
    expect(configError(() => resolveOptions({ url: '' })).message).toMatch(/`url` is required/);
  });
  it('never puts secrets from the URL into the error message', () => {
    const e = configError(() => resolveOptions({ url: 'ftp://bob:hunter2@example.com/x?key=k3y' }));
    expect(e.message).not.toContain('hunter2');
    expect(e.message).not.toContain('k3y');
  });
  it('moves URL userinfo into a Basic authorization header', () => {
    const o = resolveOptions({ url: 'https://bob:hunter%202@example.com/x' });
    expect(o.url).toBe('https://example.com/x');
    expect(o.headers.authorization).toBe(`Basic ${Buffer.from('bob:hunter 2').toString('base64')}`);
    expect(o.redactedUrl).toBe('https://example.com/x');
  });
  it('rejects bad numbers, secrets, the removed retry and dead-letter options, and fetch', () => {
    expect(configError(() => resolveOptions({ url: 'http://x', batchSize: 0 })).message).toMatch(/batchSize/);
    expect(configError(() => resolveOptions({ url: 'http://x', maxBytes: 10 })).message).toMatch(/maxBytes/);
    expect(configError(() => resolveOptions({ url: 'http://x', retries: -1 } as never)).message).toMatch(
      /retries/,
    );
    expect(configError(() => resolveOptions({ url: 'http://x', timeoutMs: 1.5 })).message).toMatch(
      /timeoutMs/,
    );
    expect(configError(() => resolveOptions({ url: 'http://x', secret: '' })).message).toMatch(/secret/);
    expect(configError(() => resolveOptions({ url: 'http://x', deadLetter: {} } as never)).message).toMatch(
      /deadLetter/,
    );
    expect(configError(() => resolveOptions({ url: 'http://x', fetch: 1 as never })).message).toMatch(
      /fetch/,
    );
    // Retries and the dead letter moved to the pipeline (one owner): the old options say where they went.
    expect(
      configError(() => resolveOptions({ url: 'http://x', maxRetryDelayMs: 5 } as never)).message,
    ).toMatch(/maxRetryDelayMs` was removed.*run\(\{ retry: \{ maxMs \} \}\)/);
  });
  it('the README option table is the one generated from the schema (`pnpm readme:options`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(optionsTableDrift(readme, WEBHOOK_SINK_OPTIONS)).toBeUndefined();
  });
});
