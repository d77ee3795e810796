import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact';

describe('redactUrl', () => {
  it('hides userinfo and query values, keeps host, path and query keys', () => {
    const r = redactUrl('https://alice:s3cr3t@hooks.example.com:8443/a/b?token=abc123&x=1#frag');
    expect(r).toBe('https://***:***@hooks.example.com:8443/a/b?token=***&x=***');
    expect(r).not.toContain('s3cr3t');
    expect(r).not.toContain('abc123');
    expect(r).not.toContain('alice');
  });
  it('leaves a plain URL alone and replaces an unparsable one', () => {
    expect(redactUrl('http://127.0.0.1:9/hook')).toBe('http://127.0.0.1:9/hook');
    expect(redactUrl('not a url with secret')).toBe('<invalid url>');
  });
});
