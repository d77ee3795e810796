import { readFileSync } from 'node:fs';
import { ConfigError } from '@trailkit/core';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { resolveOptions, SLACK_SINK_OPTIONS } from './options';

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
  it('resolves webhook and token modes with defaults', () => {
    const w = resolveOptions({ webhookUrl: 'https://hooks.slack.com/services/T/B/SECRET' });
    expect(w).toMatchObject({
      mode: 'webhook',
      target: 'webhook hooks.slack.com',
      rateLimitPerSecond: 1,
      groupBy: 'rule',
    });
    const a = resolveOptions({ token: 'xoxb-1', channel: 'C1' }, { apiUrl: 'http://127.0.0.1:9/api' });
    expect(a).toMatchObject({
      mode: 'api',
      endpoint: 'http://127.0.0.1:9/api/chat.postMessage',
      target: 'chat.postMessage C1',
    });
    expect(resolveOptions({ token: 'xoxb-1', channel: 'C1' }).endpoint).toBe(
      'https://slack.com/api/chat.postMessage',
    );
  });
  it('rejects bad targets and options with clear messages', () => {
    expect(configMessage(() => resolveOptions({} as never))).toMatch(/webhookUrl.*token/);
    expect(configMessage(() => resolveOptions({ token: 'x' } as never))).toMatch(/channel/);
    expect(configMessage(() => resolveOptions({ token: '', channel: 'C' }))).toMatch(/token/);
    expect(configMessage(() => resolveOptions({ webhookUrl: 'ftp://x/y' }))).toMatch(/http: or https:/);
    expect(
      configMessage(() => resolveOptions({ webhookUrl: 'http://x' }, { minSeverity: 'urgent' as never })),
    ).toMatch(/minSeverity/);
    expect(
      configMessage(() => resolveOptions({ webhookUrl: 'http://x' }, { rateLimitPerSecond: 0 })),
    ).toMatch(/rateLimit/);
    expect(
      configMessage(() => resolveOptions({ webhookUrl: 'http://x' }, { groupBy: 'day' as never })),
    ).toMatch(/groupBy/);
  });
  it('never quotes the token or the webhook path', () => {
    const m = configMessage(() => resolveOptions({ webhookUrl: 'ftp://hooks/services/SECRETPATH' }));
    expect(m).not.toContain('SECRETPATH');
    const m2 = configMessage(() => resolveOptions({ token: 'xoxb-SECRET', channel: '' }));
    expect(m2).not.toContain('xoxb-SECRET');
  });
  it('the README option table is the one generated from the schema (`pnpm readme:options`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(optionsTableDrift(readme, SLACK_SINK_OPTIONS)).toBeUndefined();
  });
});
