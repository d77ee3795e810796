import { describe, expect, it } from 'vitest';
import { findReal } from '../../test/rules/fixtures';
import { ConfigError, PatternSyntaxError } from '../errors';
import { pattern } from './pattern';
import { DEFAULT_PATTERN_LIMITS, type PatternLimits } from './pattern-limits';

function syntaxError(text: unknown, limits?: PatternLimits): PatternSyntaxError {
  try {
    pattern(text as string, limits);
  } catch (e) {
    if (PatternSyntaxError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

function configError(text: unknown, limits?: unknown): ConfigError {
  try {
    pattern(text as string, limits as PatternLimits);
  } catch (e) {
    if (ConfigError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('hostile regular expressions (issue 13, finding 1)', () => {
  it('refuses the nested quantifier of the security test: "(" is not CloudWatch Logs syntax', () => {
    const err = syntaxError('{ $.userAgent = %(a+)+$% }');
    expect(err.column).toBe(18);
    expect(err.expected).toMatch(/no "\("/);
  });

  it('refuses lookahead and backreferences, naming their column', () => {
    expect(syntaxError('{ $.userAgent = %a(?=b)% }').column).toBe(19);
    expect(syntaxError('{ $.userAgent = %(a)\\1% }').column).toBe(18);
    const backref = syntaxError('{ $.userAgent = %a\\1% }');
    expect(backref.column).toBe(19);
    expect(backref.expected).toMatch(/backreference/);
  });

  it('runs .*.*.*= over 100 KB of text and decides as RegExp would', () => {
    const p = pattern('{ $.userAgent = %.*.*.*=% }');
    const event = findReal((e) => typeof e.userAgent === 'string');
    expect(p.test({ ...event, userAgent: 'x'.repeat(100_000) })).toBe(false);
    expect(p.test({ ...event, userAgent: `${'x'.repeat(100_000)}=` })).toBe(true);
  });

  it('refuses a regex larger than maxRegexSize, and takes a larger limit', () => {
    const text = '{ $.userAgent = %a[ab]{300}c% }';
    const err = syntaxError(text);
    expect(err.column).toBe(17);
    expect(err.expected).toMatch(/maxRegexSize; this one spells out 302/);
    expect(pattern(text, { maxRegexSize: 302 }).ast.type).toBe('compare');
  });

  it('an unclosed or escaped "%" is reported, not swallowed', () => {
    expect(syntaxError('{ $.a = %abc }').column).toBe(9);
    const escaped = syntaxError('{ $.a = %100\\%% }');
    expect(escaped.column).toBe(13);
    expect(escaped.expected).toMatch(/\\x25/);
  });
});

describe('pattern limits (issue 13, finding 5)', () => {
  it('5,000 nested "(" is a PatternSyntaxError, never a RangeError', () => {
    const deep = `{${'('.repeat(5000)}$.a = 1${')'.repeat(5000)}}`;
    // over the default length first
    const long = syntaxError(deep);
    expect(long.column).toBe(DEFAULT_PATTERN_LIMITS.maxLength + 1);
    expect(long.expected).toMatch(/at most 1024 characters/);
    expect(long.pattern).toHaveLength(DEFAULT_PATTERN_LIMITS.maxLength);
    // with the length allowed, the 65th "(" is refused
    const err = syntaxError(deep, { maxLength: 20_000 });
    expect(err.column).toBe(66);
    expect(err.expected).toMatch(/at most 64 nested parentheses/);
  });

  it('nesting up to maxDepth parses and matches', () => {
    const at = (n: number) => `{${'('.repeat(n)}$.a = 1${')'.repeat(n)}}`;
    expect(pattern(at(64)).test({ a: 1 } as never)).toBe(true);
    expect(syntaxError(at(65)).column).toBe(66);
    expect(pattern(at(100), { maxDepth: 100 }).test({ a: 1 } as never)).toBe(true);
  });

  it('a pattern over maxLength is refused at the column after the limit; a larger limit takes it', () => {
    const text = `{ $.a = "${'x'.repeat(2000)}" }`;
    const err = syntaxError(text);
    expect(err.column).toBe(1025);
    expect(err.message.length).toBeLessThan(200);
    expect(pattern(text, { maxLength: 4096 }).test({ a: 'x'.repeat(2000) } as never)).toBe(true);
  });

  it('every CIS and threat pattern is within the default limits (they load today)', async () => {
    const { cisRules } = await import('../rules/packs/cis');
    const { threatRules } = await import('../rules/packs/threats');
    for (const r of [...cisRules(), ...threatRules()]) {
      const text = typeof r.match === 'string' ? r.match : (r.match as { text?: unknown }).text;
      if (typeof text === 'string') expect(() => pattern(text), r.id).not.toThrow();
    }
  });

  it('a non-string pattern is a ConfigError, never a TypeError', () => {
    for (const bad of [123, null, undefined, {}, ['{ $.a = 1 }'], Symbol('p')]) {
      const err = configError(bad);
      expect(err.code).toBe('CONFIG_INVALID');
      expect(err.message).toMatch(/expected the pattern text \(a string\)/);
    }
  });

  it('limits that are not positive integers are a ConfigError', () => {
    for (const limits of [{ maxLength: 0 }, { maxDepth: -1 }, { maxRegexSize: 1.5 }, { maxLength: '9' }, 7]) {
      expect(configError('{ $.a = 1 }', limits).code).toBe('CONFIG_INVALID');
    }
  });
});
