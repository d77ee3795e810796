import { describe, expect, it } from 'vitest';
import { allRealEvents } from '../../test/rules/fixtures';
import { compileRe2 } from './regex-engine';
import { checkRegex } from './regex-syntax';

function re2Of(source: string): string {
  const checked = checkRegex(source);
  if (!checked.ok) throw new Error(`refused at ${checked.offset}: ${checked.expected}`);
  return checked.re2;
}

describe('checkRegex: what CloudWatch Logs documents is accepted', () => {
  // The examples of CloudWatch Logs' "Supported regular expressions (regex) syntax" page, each with a text
  // it matches and one it does not.
  const examples: Array<[string, string, string]> = [
    ['AUTHORIZED', '[SUCCESS 200] AUTHORIZED REQUEST', '[SUCCESS 200] OK'],
    ['\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}', 'from 10.0.12.255 on', 'from 10.0.x.1'],
    ['[Ee]rror|[Ff]ail', 'a fail', 'all good'],
    ['^[hc]at', 'hat trick', 'that'],
    ['[hc]at$', 'a cat', 'cats'],
    ['colou?r', 'color', 'colr'],
    ['[abcx-z]', 'y', 'd'],
    ['^a{3,5}$', 'aaaa', 'aa'],
    ['gray|grey', 'grey', 'gravy'],
    ['10\\.10\\.0\\.1', 'ip 10.10.0.1', 'ip 10a10b0c1'],
    ['ab*c', 'ac', 'ab'],
    ['ab+c', 'abbc', 'ac'],
    ['a.c', 'abc', 'ac'],
    ['\\D\\s\\S\\w\\W', 'x y_!', 'xyz!!'],
    ['\\x3A\\x28\\x29\\x25\\x20', ':()% ', ':() %'],
    ['[\\d\\-]{3}', '1-2', '1+2'],
    ['\\^\\$\\?\\[\\]\\{\\}\\|\\\\\\*\\+\\.', '^$?[]{}|\\*+.', '^$?[]{}|*+.'],
    ['[.*+?^$|{}]', '*', 'a'],
    ['[^a-z]', 'aBc', 'abc'],
    [':_#=@/;,-', 'x:_#=@/;,-y', ':_#=@/;,'],
    ['a{2}', 'aa', 'a'],
    ['a{2,}', 'aaa', 'a'],
    ['a*?b', 'aab', 'aa'],
  ];
  for (const [source, yes, no] of examples) {
    it(`%${source}% matches ${JSON.stringify(yes)}, not ${JSON.stringify(no)} (as RegExp would)`, () => {
      const test = compileRe2(re2Of(source));
      expect(test(yes)).toBe(true);
      expect(test(no)).toBe(false);
      const js = new RegExp(source);
      expect(js.test(yes)).toBe(true);
      expect(js.test(no)).toBe(false);
    });
  }

  it('decides as JavaScript RegExp did on every real userAgent, eventName and sourceIPAddress', () => {
    const texts = new Set<string>();
    for (const e of allRealEvents()) {
      for (const v of [e.userAgent, e.eventName, e.sourceIPAddress, e.errorCode]) {
        if (typeof v === 'string') texts.add(v);
      }
    }
    expect(texts.size).toBeGreaterThan(200);
    const sources = [
      'aws-cli/[12]\\.',
      'Boto3/\\d+\\.\\d+',
      '^Describe|^List',
      '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$',
      'amazonaws\\.com$',
      'Access[Dd]enied|Unauthorized',
      '[^\\x20-\\x7E]',
      'stratus-red-team_[0-9a-f-]+',
      '\\s\\S*\\s',
      '^.{0,20}$',
    ];
    let hits = 0;
    for (const source of sources) {
      const linear = compileRe2(re2Of(source));
      const js = new RegExp(source);
      for (const t of texts) {
        expect(linear(t), `${source} on ${t}`).toBe(js.test(t));
        if (js.test(t)) hits++;
      }
    }
    expect(hits).toBeGreaterThan(100);
  });

  it('reports the size: characters spelled out once repetitions are expanded', () => {
    const size = (s: string) => (checkRegex(s) as { size: number }).size;
    expect(size('abc')).toBe(3);
    expect(size('\\d{1,3}\\.\\d{1,3}')).toBe(7);
    expect(size('a*b+c?')).toBe(5);
    expect(size('[a-z]{10,}|x')).toBe(12);
    expect(size('a{1000}')).toBe(1000);
  });
});

describe('checkRegex: everything else is refused at its offset', () => {
  const refused: Array<[string, number, RegExp]> = [
    ['(a+)+$', 0, /no "\("/],
    ['a(?=b)', 1, /lookarounds/],
    ['a(?!b)', 1, /lookarounds/],
    ['(?<=a)b', 0, /lookarounds/],
    ['(a)\\1', 0, /no "\("/],
    ['ab\\1', 2, /backreference/],
    ['a)', 1, /no "\)"/],
    ['something!', 9, /\\x21/],
    ['a b', 1, /\\x20/],
    ['"q"', 0, /\\x22/],
    ['caf\u00e9', 3, /multi-byte/],
    ['\u{1F600}', 0, /multi-byte/],
    ['100%', 3, /\\x25/],
    ['a\\%', 1, /"%"/],
    ['*a', 0, /before "\*"/],
    ['a|+b', 2, /before "\+"/],
    ['^*', 1, /before "\*"/],
    ['a**', 2, /one quantifier/],
    ['a+{2}', 2, /one quantifier/],
    ['a*??', 3, /one quantifier/],
    ['a{2,1}', 1, /m <= n/],
    ['a{1001}', 1, /at most 1000/],
    ['a{', 1, /repetition/],
    ['a{x}', 1, /repetition/],
    ['a{1, 2}', 1, /repetition/],
    ['a}', 1, /\\}/],
    ['a]', 1, /\\]/],
    ['[]', 1, /empty/],
    ['[^]', 2, /empty/],
    ['[abc', 0, /closing "\]"/],
    ['[a-', 0, /closing "\]"/],
    ['[z-a]', 1, /start is not after its end/],
    ['[a-\\d]', 3, /single character/],
    ['[[:alpha:]]', 1, /\\\[/],
    ['[a!]', 2, /\\x21/],
    ['\\b', 0, /an escape/],
    ['\\n', 0, /an escape/],
    ['\\p{L}', 0, /an escape/],
    ['\\Qa\\E', 0, /an escape/],
    ['\\x8F', 0, /ASCII/],
    ['\\xZ1', 0, /hexadecimal/],
    ['a\\', 1, /a character after/],
    ['', 0, /non-empty/],
  ];
  for (const [source, offset, expected] of refused) {
    it(`%${source}% -> offset ${offset}`, () => {
      const checked = checkRegex(source);
      expect(checked.ok).toBe(false);
      if (checked.ok) return;
      expect(checked.offset).toBe(offset);
      expect(checked.expected).toMatch(expected);
    });
  }
});
