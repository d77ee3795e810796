import { describe, expect, it } from 'vitest';
import { PatternSyntaxError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { allRealEvents } from '../../test/rules/fixtures';
import { pattern } from './pattern';
import { parsePattern } from './pattern-parser';

describe('term patterns: parsing', () => {
  it('builds and/or/not trees of terms', () => {
    expect(parsePattern('ERROR')).toEqual({ type: 'term', match: 'text', value: 'ERROR', quoted: false });
    expect(parsePattern('ERROR -DEBUG')).toEqual({
      type: 'and',
      operands: [
        { type: 'term', match: 'text', value: 'ERROR', quoted: false },
        { type: 'not', operand: { type: 'term', match: 'text', value: 'DEBUG', quoted: false } },
      ],
    });
    expect(parsePattern('?a ?"b c"')).toEqual({
      type: 'or',
      operands: [
        { type: 'term', match: 'text', value: 'a', quoted: false },
        { type: 'term', match: 'text', value: 'b c', quoted: true },
      ],
    });
    expect(parsePattern('%a\\d+%')).toEqual({ type: 'term', match: 'regex', value: 'a\\d+', quoted: false });
    expect(parsePattern('"say \\"hi\\" \\\\ there"')).toMatchObject({ value: 'say "hi" \\ there' });
    expect(pattern('ERROR').form).toBe('terms');
    expect(pattern('[a, b]').form).toBe('delimited');
    expect(pattern('{ $.a = 1 }').form).toBe('json');
    expect(pattern('  ').form).toBe('all');
  });

  const errors: Array<[string, number, RegExp]> = [
    ['us-east-1', 3, /double quotes/],
    ['ERROR "unclosed', 7, /closing quote/],
    ['ERROR ?', 8, /a term after/],
    ['a - b', 4, /a term after/],
    ['"a"b', 4, /blank after the closing quote/],
    ['%abc', 1, /closing "%"/],
    ['%a(b)%', 3, /regular expression/],
    ['$.a = 1', 1, /"\{"/],
  ];
  for (const [text, column, expected] of errors) {
    it(`refuses ${JSON.stringify(text)} at column ${column}`, () => {
      const error = (() => {
        try {
          parsePattern(text);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(PatternSyntaxError.isInstance(error)).toBe(true);
      expect((error as PatternSyntaxError).column).toBe(column);
      expect((error as PatternSyntaxError).expected).toMatch(expected);
    });
  }
});

describe('term patterns: matching', () => {
  it('case-sensitive substring, exclusion alone, quoted blank matches all', () => {
    const p = pattern('Denied');
    expect(p.testMessage('AccessDenied')).toBe(true);
    expect(p.testMessage('accessdenied')).toBe(false);
    expect(pattern('-DEBUG').testMessage('INFO ok')).toBe(true);
    expect(pattern('-DEBUG').testMessage('DEBUG x')).toBe(false);
    expect(pattern('""').testMessage('x')).toBe(true);
    expect(pattern('ERROR ""').testMessage('x')).toBe(false);
  });

  it('groups: ?a b ?c d is (a and b) or (c and d); leading plain terms form a group', () => {
    const p = pattern('?a b ?c d');
    expect(p.testMessage('a b')).toBe(true);
    expect(p.testMessage('c d')).toBe(true);
    expect(p.testMessage('a d')).toBe(false);
    const q = pattern('x ?y');
    expect(q.testMessage('x')).toBe(true);
    expect(q.testMessage('y')).toBe(true);
    expect(q.testMessage('z')).toBe(false);
  });

  it('on real CloudTrail records: the term is looked for in the record JSON text', () => {
    const events = allRealEvents();
    const denied = pattern('AccessDenied');
    const json = pattern('{ $.errorCode = "AccessDenied" }');
    const byTerm = events.filter((e) => denied.test(e));
    const byJson = events.filter((e) => json.test(e));
    expect(byJson.length).toBeGreaterThan(0);
    // Every event with errorCode AccessDenied has the term; the term also finds it in error messages etc.
    for (const e of byJson) expect(byTerm).toContain(e);
    expect(byTerm.every((e) => JSON.stringify(e).includes('AccessDenied'))).toBe(true);
    const quotedName = pattern('"\\"eventName\\":\\"ConsoleLogin\\""');
    expect(events.filter((e) => quotedName.test(e))).toEqual(
      events.filter((e) => (e as TrailEvent).eventName === 'ConsoleLogin'),
    );
  });
});

describe('space-delimited patterns: parsing and matching', () => {
  it('parses fields, ellipsis, conditions', () => {
    expect(parsePattern('[a, ..., b = 4* && b != 403, , c > 10]')).toEqual({
      type: 'delimited',
      fields: [
        { kind: 'field', name: 'a' },
        { kind: 'ellipsis' },
        {
          kind: 'field',
          name: 'b',
          condition: {
            type: 'and',
            operands: [
              {
                type: 'compare',
                op: '=',
                value: { kind: 'string', value: '4', quoted: false, leading: false, trailing: true },
              },
              { type: 'compare', op: '!=', value: { kind: 'number', value: 403, raw: '403' } },
            ],
          },
        },
        { kind: 'field' },
        {
          kind: 'field',
          name: 'c',
          condition: { type: 'compare', op: '>', value: { kind: 'number', value: 10, raw: '10' } },
        },
      ],
    });
  });

  const errors: Array<[string, RegExp]> = [
    ['[a, ..., b, ...]', /at most one "\.\.\."/],
    ['[a = 1 && b = 2]', /one field only/],
    ['[a > x]', /a number after ">"/],
    ['[a, b', /"," or "]"/],
    ['[a] b', /end of pattern/],
    ['[a = %x(%]', /regular expression/],
    ['[a = %x%, b = %y%, c = %z%]', /at most 2 regular expressions/],
  ];
  for (const [text, expected] of errors) {
    it(`refuses ${text}`, () => {
      expect(() => parsePattern(text)).toThrow(expected);
    });
  }

  it('numeric conditions need numeric fields; != on strings; regex fields', () => {
    expect(pattern('[a, n > 5]').testMessage('x 7')).toBe(true);
    expect(pattern('[a, n > 5]').testMessage('x seven')).toBe(false);
    expect(pattern('[a, n != 5]').testMessage('x seven')).toBe(false);
    expect(pattern('[a = "x", n]').testMessage('x 1')).toBe(true);
    expect(pattern('[a != x, n]').testMessage('x 1')).toBe(false);
    expect(pattern('[a = %^x\\d$%, n]').testMessage('x1 1')).toBe(true);
    expect(pattern('[a = %^x\\d$%, n]').testMessage('xx 1')).toBe(false);
    expect(pattern('[a = *, n]').testMessage('anything 1')).toBe(true);
  });

  it('splits with brackets and quotes, blanks collapse', () => {
    expect(pattern('[a, b, c]').extract('x   [1 2]  "3 4"')).toEqual({ $a: 'x', $b: '1 2', $c: '3 4' });
    expect(pattern('[a, b]').extract('x [unclosed y')).toEqual({ $a: 'x', $b: 'unclosed y' });
    expect(pattern('ERROR').extract('no')).toBeUndefined();
    expect(pattern('ERROR').extract('ERROR')).toEqual({});
  });
});
