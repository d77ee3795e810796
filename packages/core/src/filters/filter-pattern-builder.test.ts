import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { FilterPattern } from './filter-pattern-builder';
import { pattern } from './pattern';

/** The texts the AWS CDK's `aws_logs.FilterPattern` writes (from the CDK's API reference and examples). */
describe('FilterPattern (the CDK names and texts)', () => {
  it('allTerms, anyTerm, anyTermGroup, allEvents, literal', () => {
    expect(FilterPattern.allTerms('ERROR', 'MainThread').logPatternString).toBe('"ERROR" "MainThread"');
    expect(FilterPattern.anyTerm('ERROR', 'WARN').logPatternString).toBe('?"ERROR" ?"WARN"');
    expect(FilterPattern.anyTermGroup(['ERROR', 'MainThread'], ['WARN', 'Deadlock']).logPatternString).toBe(
      '?"ERROR" "MainThread" ?"WARN" "Deadlock"',
    );
    expect(FilterPattern.allEvents().logPatternString).toBe('');
    expect(FilterPattern.literal('{ $.a = 1 }').logPatternString).toBe('{ $.a = 1 }');
    expect(FilterPattern.allTerms('say "hi"', 'a\\b').logPatternString).toBe('"say \\"hi\\"" "a\\\\b"');
  });

  it('JSON: the CDK example (component, error, latency)', () => {
    const p = FilterPattern.all(
      FilterPattern.stringValue('$.component', '=', 'HttpServer'),
      FilterPattern.any(
        FilterPattern.booleanValue('$.error', true),
        FilterPattern.numberValue('$.latency', '>', 1000),
      ),
    );
    expect(p.logPatternString).toBe(
      '{ ($.component = "HttpServer") && (($.error IS TRUE) || ($.latency > 1000)) }',
    );
    const compiled = pattern(p);
    expect(compiled.testMessage('{"component":"HttpServer","error":false,"latency":1500}')).toBe(true);
    expect(compiled.testMessage('{"component":"HttpServer","error":false,"latency":500}')).toBe(false);
    expect(compiled.testMessage('{"component":"Db","error":true}')).toBe(false);
  });

  it('exists, notExists, isNull, regexValue, == as =', () => {
    expect(FilterPattern.exists('$.a').logPatternString).toBe('{ $.a = "*" }');
    expect(FilterPattern.notExists('$.a').logPatternString).toBe('{ $.a NOT EXISTS }');
    expect(FilterPattern.isNull('$.a').logPatternString).toBe('{ $.a IS NULL }');
    expect(FilterPattern.regexValue('$.a', '=', 'x.*').logPatternString).toBe('{ $.a = %x.*% }');
    expect(FilterPattern.stringValue('$.a', '==', 'b').logPatternString).toBe('{ $.a = "b" }');
    expect(FilterPattern.all(FilterPattern.isNull('$.a')).logPatternString).toBe('{ $.a IS NULL }');
  });

  it('spaceDelimited with whereString / whereNumber (the CDK example)', () => {
    const p = FilterPattern.spaceDelimited('time', 'component', '...', 'result_code', 'latency')
      .whereString('component', '=', 'HttpServer')
      .whereNumber('result_code', '!=', 200);
    expect(p.logPatternString).toBe('[time, component = "HttpServer", ..., result_code != 200, latency]');
    const compiled = pattern(p);
    expect(compiled.testMessage('12:00 HttpServer GET /x 500 12')).toBe(true);
    expect(compiled.testMessage('12:00 HttpServer GET /x 200 12')).toBe(false);
    expect(compiled.testMessage('12:00 Db GET /x 500 12')).toBe(false);
  });

  it('refuses what the CDK refuses', () => {
    expect(() => FilterPattern.stringValue('$.a', '<', 'b')).toThrow(ConfigError);
    expect(() => FilterPattern.numberValue('$.a', '=~', 1)).toThrow(ConfigError);
    expect(() => FilterPattern.all()).toThrow(ConfigError);
    expect(() => FilterPattern.any()).toThrow(ConfigError);
    expect(() => FilterPattern.spaceDelimited('a b')).toThrow(ConfigError);
    expect(() => FilterPattern.spaceDelimited('...', 'a', '...')).toThrow(ConfigError);
    expect(() => FilterPattern.spaceDelimited('a').whereString('b', '=', 'x')).toThrow(ConfigError);
    expect(() => FilterPattern.spaceDelimited('a', '...').whereString('...', '=', 'x')).toThrow(ConfigError);
  });

  it('anyTermGroup means any group, all terms in it', () => {
    const p = pattern(FilterPattern.anyTermGroup(['ERROR', 'MainThread'], ['WARN', 'Deadlock']));
    expect(p.testMessage('ERROR in MainThread')).toBe(true);
    expect(p.testMessage('WARN: Deadlock found')).toBe(true);
    expect(p.testMessage('ERROR: Deadlock found')).toBe(false);
    expect(p.testMessage('WARN in MainThread')).toBe(false);
  });

  it('a term pattern on a CloudTrail event looks at the record as JSON text', () => {
    const event = { eventName: 'GetObject', errorCode: 'AccessDenied' } as TrailEvent;
    expect(pattern(FilterPattern.allTerms('AccessDenied')).test(event)).toBe(true);
    expect(pattern('"\\"errorCode\\":\\"AccessDenied\\""').test(event)).toBe(true);
    expect(pattern(FilterPattern.allTerms('"errorCode":"AccessDenied"')).test(event)).toBe(true);
    expect(pattern(FilterPattern.allTerms('"errorCode": "AccessDenied"')).test(event)).toBe(false);
    expect(pattern(FilterPattern.allTerms('accessdenied')).test(event)).toBe(false);
  });
});
