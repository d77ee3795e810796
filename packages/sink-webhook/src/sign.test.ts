import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './sign';

const secret = 'whsec_test_123';
const body = '{"batchId":"abc","items":[{"eventName":"ConsoleLogin"}]}';
const t = 1_700_000_000;

describe('signPayload', () => {
  it('is t=<unix>,v1=HMAC-SHA256(secret, "<t>.<body>") in hex', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signPayload({ body, secret, timestamp: t })).toBe(`t=${t},v1=${expected}`);
  });
  it('signs bytes and strings alike', () => {
    expect(signPayload({ body: Buffer.from(body), secret, timestamp: t })).toBe(
      signPayload({ body, secret, timestamp: t }),
    );
  });
});

describe('verifySignature', () => {
  const header = signPayload({ body, secret, timestamp: t });
  const now = t * 1000;

  it('accepts a valid signature within tolerance', () => {
    expect(verifySignature({ body, header, secret, now })).toBe(true);
    expect(verifySignature({ body, header, secret, now: now + 299_000 })).toBe(true);
  });
  it('rejects a changed body, a wrong secret, or a tampered signature', () => {
    expect(
      verifySignature({ body: body.replace('ConsoleLogin', 'ConsoleLogout'), header, secret, now }),
    ).toBe(false);
    expect(verifySignature({ body, header, secret: 'other', now })).toBe(false);
    const tampered = header.replace(/v1=(.)/, (_, c) => `v1=${c === 'a' ? 'b' : 'a'}`);
    expect(verifySignature({ body, header: tampered, secret, now })).toBe(false);
  });
  it('rejects a timestamp outside tolerance (replay), in both directions', () => {
    expect(verifySignature({ body, header, secret, now: now + 301_000 })).toBe(false);
    expect(verifySignature({ body, header, secret, now: now - 301_000 })).toBe(false);
    expect(verifySignature({ body, header, secret, now: now + 9_000, toleranceSeconds: 5 })).toBe(false);
  });
  it('rejects a re-timestamped header (the timestamp is signed)', () => {
    const moved = header.replace(`t=${t}`, `t=${t + 10}`);
    expect(verifySignature({ body, header: moved, secret, now })).toBe(false);
  });
  it('accepts any of several v1 signatures (secret rotation)', () => {
    const old = signPayload({ body, secret: 'old-secret', timestamp: t });
    const both = `${header},v1=${old.split('v1=')[1]}`;
    expect(verifySignature({ body, header: both, secret: 'old-secret', now })).toBe(true);
    expect(verifySignature({ body, header: both, secret, now })).toBe(true);
  });
  it('returns false (never throws) on malformed headers', () => {
    for (const h of [
      undefined,
      null,
      '',
      'garbage',
      't=abc,v1=00',
      `t=${t}`,
      `v1=${'0'.repeat(64)}`,
      'v1=zz,t=1',
    ]) {
      expect(verifySignature({ body, header: h, secret, now })).toBe(false);
    }
    expect(verifySignature({ body, header, secret: '', now })).toBe(false);
  });
});
