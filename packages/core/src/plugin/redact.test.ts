import { describe, expect, it } from 'vitest';
import {
  headerSecrets,
  looksLikeToken,
  redactExcerpt,
  redactPath,
  redactText,
  redactUrl,
  urlSecrets,
} from './redact';

describe('redactUrl', () => {
  it('hides userinfo and query values, keeps host, path and query keys', () => {
    const r = redactUrl('https://alice:s3cr3t@hooks.example.com:8443/a/b?token=abc123&x=1#frag');
    expect(r).toBe('https://***:***@hooks.example.com:8443/a/b?token=***&x=***');
    for (const s of ['s3cr3t', 'abc123', 'alice', 'frag']) expect(r).not.toContain(s);
  });
  it('hides the secret part of a Slack incoming webhook and token-like path segments', () => {
    expect(redactUrl('https://hooks.slack.com/services/T0123ABCD/B0456EFGH/XXXXSECRETXXXX')).toBe(
      'https://hooks.slack.com/services/***',
    );
    expect(redactUrl('https://discord.com/api/webhooks/1234567890/aBcD3fGh1jKlMn0pQrStUv')).toBe(
      'https://discord.com/api/webhooks/1234567890/***',
    );
    expect(redactPath('/v1/events/ingest')).toBe('/v1/events/ingest');
  });
  it('leaves a plain URL alone and replaces an unparsable one', () => {
    expect(redactUrl('http://127.0.0.1:9/hook')).toBe('http://127.0.0.1:9/hook');
    expect(redactUrl('not a url with secret')).toBe('<invalid url>');
  });
});

describe('redactText and redactExcerpt', () => {
  it('removes named secrets, in raw, URL-encoded and base64 forms', () => {
    const text = `key=APIKEY-999 enc=${encodeURIComponent('p@ss word!')} b64=${Buffer.from('hunter2pass').toString('base64')}`;
    const out = redactText(text, ['APIKEY-999', 'p@ss word!', 'hunter2pass']);
    for (const s of [
      'APIKEY-999',
      encodeURIComponent('p@ss word!'),
      Buffer.from('hunter2pass').toString('base64'),
    ])
      expect(out).not.toContain(s);
  });
  it('removes secrets a receiver echoes without being told them', () => {
    const echo = JSON.stringify({
      url: '/hook?token=qTok3n&x=1',
      full: 'https://u:pw@example.com/services/T1/B2/SlackSecret?sig=abc',
      headers: {
        authorization: 'Bearer eyJhbGciOi.payload.sig',
        'x-api-key': 'K-123456',
        cookie: 'xoxb-1-2-3',
      },
    });
    const out = redactText(echo);
    for (const s of ['qTok3n', 'pw@', 'SlackSecret', 'abc', 'eyJhbGciOi', 'K-123456', 'xoxb-1-2-3'])
      expect(out).not.toContain(s);
  });
  it('cuts after redacting, so no secret is left half-visible', () => {
    const secret = 'S'.repeat(10) + 'ECRET-VALUE';
    const text = `${'a'.repeat(195)}${secret}`;
    const out = redactExcerpt(text, [secret], 200);
    expect(out).not.toContain('SSSSS');
    expect(redactExcerpt('x'.repeat(500)).length).toBe(201);
  });
  it('names secrets from headers and URLs', () => {
    expect(
      headerSecrets({ 'content-type': 'application/json', 'x-api-key': 'k1', authorization: 'Basic Zm9v' }),
    ).toEqual(['k1', 'Basic Zm9v', 'Zm9v']);
    expect(urlSecrets('https://bob:hunter2@x.com/services/T1/B2/SECRETPATH?token=qTok3n')).toEqual(
      expect.arrayContaining(['hunter2', 'qTok3n', 'SECRETPATH']),
    );
    expect(looksLikeToken('xoxb-123')).toBe(true);
    expect(looksLikeToken('ingest')).toBe(false);
  });
});
