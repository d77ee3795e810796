import { describe, expect, it } from 'vitest';
import { allRealEvents, realRecords } from '../../test/rules/fixtures';
import { PatternSyntaxError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { pattern } from './pattern';

const ev = (o: Record<string, unknown>) => o as TrailEvent;

/**
 * The example log event of AWS's "Filter pattern syntax for metric filters, subscription filters, and
 * filter log events" page, section "Using filter patterns to match terms in JSON log events"
 * (reproduced from the documentation as faithfully as we could).
 */
const DOC_EVENT = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  cidr: '11.111.111.111/24',
  abc: 'ajfsd=@#$%^&*',
  ThisFlag: true,
};

/** The compound-expression example event of the same page (user, users, actions, coordinates). */
const DOC_COMPOUND_EVENT = {
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
};

/** The numeric-values example event of the same page (bandwidth, latency, ...). */
const DOC_NUMERIC_EVENT = {
  eventType: 'UpdateTrail',
  bandwidth: 100,
  latency: 20,
  refreshRate: 60,
  responseTime: 5,
  errorCode: 400,
  number: [0.001, 2000],
};

describe('AWS documentation examples (JSON log events)', () => {
  const cases: Array<[string, object, string, boolean]> = [
    // "Example: Filter pattern that matches a string value"
    ['string equality', DOC_EVENT, '{ $.eventType = "UpdateTrail" }', true],
    // "Example: != with a wildcard on an unquoted value"
    ['!= with trailing wildcard', DOC_EVENT, '{ $.sourceIPAddress != 123.123.* }', true],
    // "Example: Filter pattern that matches an array element"
    ['array index', DOC_EVENT, '{ $.arrayKey[0] = "value" }', true],
    ['array index, second element', DOC_EVENT, '{ $.arrayKey[1] = "another value" }', true],
    // "Example: Filter pattern that matches a numeric value inside an object in an array"
    ['object in array, numeric', DOC_EVENT, '{ $.objectList[1].id = 2 }', true],
    ['object in array, string', DOC_EVENT, '{ $.objectList[0].name = "a" }', true],
    // "Example: IS NULL"
    ['IS NULL', DOC_EVENT, '{ $.SomeObject IS NULL }', true],
    // "Example: NOT EXISTS"
    ['NOT EXISTS', DOC_EVENT, '{ $.SomeOtherObject NOT EXISTS }', true],
    // "Example: IS TRUE" (a boolean property)
    ['IS TRUE', DOC_EVENT, '{ $.ThisFlag IS TRUE }', true],
    ['IS FALSE on true', DOC_EVENT, '{ $.ThisFlag IS FALSE }', false],
    // Values with special characters, quoted
    ['special characters', DOC_EVENT, '{ $.abc = "ajfsd=@#$%^&*" }', true],
    ['cidr value', DOC_EVENT, '{ $.cidr = "11.111.111.111/24" }', true],
    // Compound expressions ("Example: Filter pattern that matches using AND/OR")
    [
      'AND match',
      DOC_COMPOUND_EVENT,
      '{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }',
      true,
    ],
    [
      'OR match',
      DOC_COMPOUND_EVENT,
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nomatch }',
      true,
    ],
    [
      'AND no match',
      DOC_COMPOUND_EVENT,
      '{ ($.user.email = "John.Stiles@example.com") && ($.users[0].email = "nomatch") }',
      false,
    ],
    ['OR no match', DOC_COMPOUND_EVENT, '{ $.user.id = 2 || $.users[0].email = "nomatch" }', false],
    [
      'AND/OR grouped, no match',
      DOC_COMPOUND_EVENT,
      '{ ($.user.id = 2 && $.users[0].email = "John.Doe@example.com") || $.actions[2] = "GET" }',
      false,
    ],
    [
      'AND binds tighter than OR',
      DOC_COMPOUND_EVENT,
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nomatch && $.actions[2] = nomatch }',
      true,
    ],
    [
      'parentheses override precedence',
      DOC_COMPOUND_EVENT,
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nomatch) && $.actions[2] = nomatch }',
      false,
    ],
    ['nested array index', DOC_COMPOUND_EVENT, '{ $.coordinates[1][2] = 6 }', true],
    // Numeric comparisons ("Using numeric values")
    ['>', DOC_NUMERIC_EVENT, '{ $.bandwidth > 75 }', true],
    ['<', DOC_NUMERIC_EVENT, '{ $.latency < 50 }', true],
    ['>=', DOC_NUMERIC_EVENT, '{ $.refreshRate >= 60 }', true],
    ['<=', DOC_NUMERIC_EVENT, '{ $.responseTime <= 5 }', true],
    ['= number', DOC_NUMERIC_EVENT, '{ $.errorCode = 400 }', true],
    ['!= number', DOC_NUMERIC_EVENT, '{ $.errorCode != 500 }', true],
    ['scientific notation =', DOC_NUMERIC_EVENT, '{ $.number[0] = 1e-3 }', true],
    ['scientific notation !=', DOC_NUMERIC_EVENT, '{ $.number[0] != 1e+3 }', true],
    ['> fails', DOC_NUMERIC_EVENT, '{ $.latency > 50 }', false],
    // Regular expressions ("Using regular expressions in filter patterns", JSON form)
    ['regex', DOC_EVENT, '{ $.eventType = %Update.*% }', true],
    ['regex with escapes', DOC_EVENT, '{ $.sourceIPAddress = %^111\\.1{2}1\\.% }', true],
    ['regex no match', DOC_EVENT, '{ $.eventType = %^Trail% }', false],
    ['regex !=', DOC_EVENT, '{ $.eventType != %^Delete% }', true],
  ];
  for (const [name, event, text, expected] of cases) {
    it(`${name}: ${text}`, () => {
      expect(pattern(text).test(ev(event as Record<string, unknown>))).toBe(expected);
      // The same through a raw message, as CloudWatch Logs sees it.
      expect(pattern(text).testMessage(JSON.stringify(event))).toBe(expected);
    });
  }
});

describe('semantics', () => {
  const e = ev({
    s: 'AccessDenied',
    n: 123,
    f: 123.5,
    b: false,
    z: null,
    o: { a: 1 },
    arr: [1, 2],
    v: '1.08',
    star: 'a*b',
    quote: 'say "hi"',
  });
  const t = (text: string) => pattern(text).test(e);

  it('string = is exact and case-sensitive', () => {
    expect(t('{ $.s = "AccessDenied" }')).toBe(true);
    expect(t('{ $.s = "accessdenied" }')).toBe(false);
    expect(t('{ $.s = Access }')).toBe(false);
  });
  it('wildcards at start, end, both; * alone means exists', () => {
    expect(t('{ $.s = "Access*" }')).toBe(true);
    expect(t('{ $.s = "*Denied" }')).toBe(true);
    expect(t('{ $.s = *ssDen* }')).toBe(true);
    expect(t('{ $.s = "*Allowed" }')).toBe(false);
    expect(t('{ $.s = * }')).toBe(true);
    expect(t('{ $.missing = * }')).toBe(false);
    expect(t('{ $.z = * }')).toBe(false);
  });
  it('an escaped * is literal', () => {
    expect(t('{ $.star = "a\\*b" }')).toBe(true);
    expect(t('{ $.star = "a\\*" }')).toBe(false);
    expect(t('{ $.quote = "say \\"hi\\"" }')).toBe(true);
  });
  it('wildcards apply to numbers as text', () => {
    expect(t('{ $.n = 1* }')).toBe(true);
    expect(t('{ $.n = *23 }')).toBe(true);
    expect(t('{ $.n = 2* }')).toBe(false);
  });
  it('unquoted 123.0 equals 123; quoted "123.0" does not; quoted "123" does', () => {
    expect(t('{ $.n = 123.0 }')).toBe(true);
    expect(t('{ $.n = "123.0" }')).toBe(false);
    expect(t('{ $.n = "123" }')).toBe(true);
    expect(t('{ $.f = 123.50 }')).toBe(true);
  });
  it('an unquoted number compares with a string property as text', () => {
    expect(t('{ $.v = 1.08 }')).toBe(true);
    expect(t('{ $.v = 1.080 }')).toBe(false);
  });
  it('numeric operators never match non-numbers', () => {
    expect(t('{ $.s > 0 }')).toBe(false);
    expect(t('{ $.v > 1 }')).toBe(false);
    expect(t('{ $.missing < 1 }')).toBe(false);
    expect(t('{ $.z < 1 }')).toBe(false);
    expect(t('{ $.n > -1e3 }')).toBe(true);
  });
  it('objects and arrays never match a comparison, not even !=', () => {
    expect(t('{ $.o = "x" }')).toBe(false);
    expect(t('{ $.o != "x" }')).toBe(false);
    expect(t('{ $.arr != 5 }')).toBe(false);
    expect(t('{ $.arr = * }')).toBe(false);
  });
  it('a missing property makes != false; null too', () => {
    expect(t('{ $.missing != "x" }')).toBe(false);
    expect(t('{ $.o.b != "x" }')).toBe(false);
    expect(t('{ $.z != "x" }')).toBe(false);
  });
  it('IS NULL is present-and-null; NOT EXISTS is absent', () => {
    expect(t('{ $.z IS NULL }')).toBe(true);
    expect(t('{ $.missing IS NULL }')).toBe(false);
    expect(t('{ $.z NOT EXISTS }')).toBe(false);
    expect(t('{ $.missing NOT EXISTS }')).toBe(true);
    expect(t('{ $.z.deeper NOT EXISTS }')).toBe(true);
    expect(t('{ $.arr[5] NOT EXISTS }')).toBe(true);
  });
  it('booleans: IS TRUE / IS FALSE, and compare as text', () => {
    expect(t('{ $.b IS FALSE }')).toBe(true);
    expect(t('{ $.b IS TRUE }')).toBe(false);
    expect(t('{ $.s IS TRUE }')).toBe(false);
    expect(t('{ $.b = false }')).toBe(true);
  });
  it('names on arrays and indexes on objects do not resolve', () => {
    expect(t('{ $.arr.length NOT EXISTS }')).toBe(true);
    expect(t('{ $.o[0] NOT EXISTS }')).toBe(true);
  });
  it('prototype names are not properties', () => {
    expect(t('{ $.constructor NOT EXISTS }')).toBe(true);
    expect(t('{ $.toString = * }')).toBe(false);
    expect(pattern('{ $.constructor = "x" }').test(ev({ constructor: 'x' }))).toBe(true);
  });
  it('OR of equalities on one property (set lookup) keeps text semantics', () => {
    const p = pattern('{ ($.x = "a") || ($.x = "b") || ($.x = 7) || ($.y = "c") }');
    expect(p.test(ev({ x: 'b' }))).toBe(true);
    expect(p.test(ev({ x: 7 }))).toBe(true);
    expect(p.test(ev({ x: 7.0 }))).toBe(true);
    expect(p.test(ev({ y: 'c' }))).toBe(true);
    expect(p.test(ev({ x: 'c' }))).toBe(false);
    expect(p.test(ev({ x: ['a'] }))).toBe(false);
  });
  it('OR of exact and wildcard equalities on one property (one read) decides like each comparison alone', () => {
    const operands = [
      '$.x = "Acc*"',
      '$.x = "*Denied"',
      '$.x = "*ss*"',
      '$.x = "exact"',
      '$.x = true',
      '$.y = "c"',
    ];
    const values: unknown[] = [
      'Access',
      'xDenied',
      'mass',
      'exact',
      'exac',
      true,
      'true',
      1,
      null,
      {},
      ['exact'],
      undefined,
    ];
    for (let n = 2; n <= operands.length; n++) {
      const ops = operands.slice(0, n);
      const grouped = pattern(`{ ${ops.map((o) => `(${o})`).join(' || ')} }`);
      const single = ops.map((o) => pattern(`{ ${o} }`));
      for (const x of values) {
        for (const y of ['c', undefined]) {
          const event = ev(y === undefined ? { x } : { x, y });
          expect(grouped.test(event), `${ops.join(' || ')} on ${JSON.stringify(x)}`).toBe(
            single.some((p) => p.test(event)),
          );
        }
      }
    }
  });
  it('the empty pattern matches everything, even non-JSON messages', () => {
    expect(pattern('').test(e)).toBe(true);
    expect(pattern('   ').testMessage('not json')).toBe(true);
  });
  it('testMessage: non-JSON text never matches', () => {
    const p = pattern('{ $.a NOT EXISTS }');
    expect(p.testMessage('{"b":1}')).toBe(true);
    expect(p.testMessage('ERROR a=1')).toBe(false);
    expect(p.testMessage('{"b":1')).toBe(false);
  });
  it('keeps the text and exposes the AST', () => {
    const text = '{ ($.a = "x") && ($.b > 2 || $.c IS NULL) }';
    const p = pattern(text);
    expect(p.text).toBe(text);
    expect(p.ast).toEqual({
      type: 'and',
      operands: [
        {
          type: 'compare',
          selector: { text: '$.a', path: ['a'] },
          op: '=',
          value: { kind: 'string', value: 'x', quoted: true, leading: false, trailing: false },
        },
        {
          type: 'or',
          operands: [
            { type: 'numeric', selector: { text: '$.b', path: ['b'] }, op: '>', value: 2, raw: '2' },
            { type: 'check', selector: { text: '$.c', path: ['c'] }, check: 'isNull' },
          ],
        },
      ],
    });
  });
  it('whitespace is optional', () => {
    expect(pattern('{($.s=AccessDenied)&&($.n>=123)}').test(e)).toBe(true);
  });
});

describe('syntax errors', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['{ $.a = "x" ', 13, /"&&", "\|\|" or "\}"/],
    ['$.a = 1', 1, /"\{"/],
    ['{ a = 1 }', 3, /property selector/],
    ['{ $.a }', 7, /an operator/],
    ['{ $.a = }', 9, /a value/],
    ['{ $.a > abc }', 9, /a number after ">"/],
    ['{ $.a = "x }', 9, /closing quote/],
    ['{ ($.a = 1 }', 12, /"\)"/],
    ['{ $.a IS MAYBE }', 10, /TRUE, FALSE or NULL/],
    ['{ $.a NOT THERE }', 11, /EXISTS/],
    ['{ $.a[x] = 1 }', 7, /array index/],
    ['{ $. = 1 }', 5, /property name/],
    ['{ $.a = 1 } x', 13, /end of pattern/],
    // CloudWatch Logs has no groups in its regex syntax: the "(" itself is named
    ['{ $.a = %(% }', 10, /no "\("/],
    ['{ $.a = %a% && $.b = %b% && $.c = %c% }', 35, /at most 2 regular expressions/],
    ['{ $.a = 1 && }', 14, /property selector/],
  ];
  for (const [text, column, expected] of cases) {
    it(`${text} -> column ${column}`, () => {
      let error: unknown;
      try {
        pattern(text);
      } catch (e) {
        error = e;
      }
      expect(PatternSyntaxError.isInstance(error)).toBe(true);
      const err = error as PatternSyntaxError;
      expect(err.code).toBe('PATTERN_SYNTAX');
      expect(err.column).toBe(column);
      expect(err.expected).toMatch(expected);
      expect(err.pattern).toBe(text);
      expect(err.message).toContain(`column ${column}`);
    });
  }
});

describe('on real CloudTrail records', () => {
  const events = allRealEvents();

  it('agrees with hand-written predicates on every real record', () => {
    const checks: Array<[string, (e: TrailEvent) => boolean]> = [
      [
        '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
        (e) =>
          !!e.errorCode &&
          (e.errorCode.endsWith('UnauthorizedOperation') || e.errorCode.startsWith('AccessDenied')),
      ],
      [
        '{ $.readOnly IS FALSE && $.eventSource = "iam.*" }',
        (e) => e.readOnly === false && !!e.eventSource?.startsWith('iam.'),
      ],
      [
        '{ $.userIdentity.type = "AssumedRole" && $.errorCode NOT EXISTS }',
        (e) => e.userIdentity?.type === 'AssumedRole' && e.errorCode === undefined,
      ],
      ['{ $.resources[0].type = "AWS::KMS::Key" }', (e) => e.resources?.[0]?.type === 'AWS::KMS::Key'],
      [
        '{ $.requestParameters.withDecryption IS TRUE }',
        (e) =>
          (e.requestParameters as { withDecryption?: unknown } | null | undefined)?.withDecryption === true,
      ],
      ['{ $.responseElements IS NULL }', (e) => e.responseElements === null],
      [
        // CloudWatch Logs' regex syntax has no groups: alternatives are whole expressions
        '{ $.eventName = %^DescribeInstances$|^DescribeVpcs$% }',
        (e) => e.eventName === 'DescribeInstances' || e.eventName === 'DescribeVpcs',
      ],
      [
        '{ $.userIdentity.sessionContext.attributes.mfaAuthenticated != "true" }',
        (e) => {
          const v = e.userIdentity?.sessionContext?.attributes?.mfaAuthenticated;
          return typeof v === 'string' && v !== 'true';
        },
      ],
    ];
    for (const [text, expected] of checks) {
      const p = pattern(text);
      const want = events.filter(expected).length;
      expect(want, text).toBeGreaterThan(0);
      expect(events.filter((e) => p.test(e)).length, text).toBe(want);
      expect(events.filter((e) => p.testMessage(JSON.stringify(e))).length, text).toBe(want);
    }
  });

  it('the DESIGN example pattern finds the real unauthorized calls of invictus', () => {
    const p = pattern('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }');
    const file = realRecords(
      'invictus-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
    );
    const hits = events.filter((e) => p.test(e));
    expect(hits.length).toBeGreaterThan(40);
    expect(hits.every((e) => /UnauthorizedOperation$|^AccessDenied/.test(e.errorCode ?? ''))).toBe(true);
    expect(file.length).toBe(394);
  });
});
