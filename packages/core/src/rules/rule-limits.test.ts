import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { ConfigError, RuleValidationError } from '../errors';
import { loadRuleFile, parseRules } from './rule-file';
import { DEFAULT_RULE_FILE_LIMITS, MAX_THRESHOLD_COUNT, MAX_WINDOW_SECONDS } from './rule-limits';
import { loadRules } from './rule-pack';
import { thresholdDetector } from './threshold-detector';

function errorOf(fn: () => unknown): RuleValidationError {
  try {
    fn();
  } catch (e) {
    if (RuleValidationError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

/** A JSON rules file of `n` minimal rules. */
function manyRules(n: number): string {
  const rules: unknown[] = [];
  for (let i = 0; i < n; i++) rules.push({ id: `r${i}`, title: 't', severity: 'info', pattern: '' });
  return JSON.stringify(rules);
}

describe('rules file limits (issue 13, finding 4)', () => {
  it('130,000 rules: a typed error naming the file, from its size, before it is read', async () => {
    const dir = await tempDir('trailkit-rule-limits-');
    const file = join(dir, 'huge.json');
    writeFileSync(file, manyRules(130_000));
    const before = process.memoryUsage().heapUsed;
    const err = await loadRules('./huge.json', { cwd: dir }).catch((e: unknown) => e);
    expect(RuleValidationError.isInstance(err)).toBe(true);
    const e = err as RuleValidationError;
    expect(e.code).toBe('RULE_INVALID');
    expect(e.where).toBe(file);
    expect(e.message).toMatch(/more than the limit of 1048576 bytes \(limits\.maxBytes\)/);
    // the file (~7 MB) was never read
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(5_000_000);
  });

  it('more rules than maxRules in a file under maxBytes: a typed error naming the file', async () => {
    const dir = await tempDir('trailkit-rule-limits-');
    const text = manyRules(DEFAULT_RULE_FILE_LIMITS.maxRules + 1);
    expect(Buffer.byteLength(text)).toBeLessThan(DEFAULT_RULE_FILE_LIMITS.maxBytes);
    writeFileSync(join(dir, 'many.json'), text);
    const err = await loadRuleFile(join(dir, 'many.json')).catch((e: unknown) => e);
    expect(RuleValidationError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/many\.json: 10001 rules, more than the limit of 10000/);
    expect(parseRules(manyRules(10_000), { file: 'ok.json' })).toHaveLength(10_000);
  });

  it('with raised limits, 130,000 rules load through loadRules (no push(...spread) RangeError)', async () => {
    const dir = await tempDir('trailkit-rule-limits-');
    writeFileSync(join(dir, 'huge.json'), manyRules(130_000));
    const rules = await loadRules('./huge.json', {
      cwd: dir,
      limits: { maxBytes: 16 * 1024 * 1024, maxRules: 200_000 },
    });
    expect(rules).toHaveLength(130_000);
  }, 60_000);

  it('a 2 MB title is refused by size; parseRules checks the text it is given too', () => {
    const text = `rules:\n  - id: a\n    title: ${'x'.repeat(2_000_000)}\n    severity: low\n    pattern: ""\n`;
    expect(errorOf(() => parseRules(text, { file: 'big.yaml' })).message).toMatch(
      /^big\.yaml: rules file of 2000\d+ bytes, more than the limit/,
    );
    expect(
      errorOf(() => parseRules(manyRules(3), { file: 'x.json', limits: { maxBytes: 50 } })).message,
    ).toMatch(/limits\.maxBytes/);
    expect(
      errorOf(() => parseRules(manyRules(3), { file: 'x.json', limits: { maxRules: 2 } })).message,
    ).toMatch(/3 rules, more than the limit of 2/);
  });

  it('limits that are not positive integers are refused', () => {
    for (const limits of [{ maxRules: 0 }, { maxBytes: -1 }, { maxBytes: Number.POSITIVE_INFINITY }]) {
      expect(errorOf(() => parseRules('[]', { file: 'x.json', limits })).message).toMatch(
        /^x\.json: limits\./,
      );
    }
  });

  it('a non-string text is a RuleValidationError', () => {
    expect(errorOf(() => parseRules(42 as never, { file: 'x.yaml' })).message).toMatch(
      /expected the rules file/,
    );
  });

  it('pattern limits apply to rules: deep nesting names the rule, field and column', () => {
    const deep = `{${'('.repeat(65)}$.a = 1${')'.repeat(65)}}`;
    const json = JSON.stringify([{ id: 'deep', title: 'D', severity: 'low', pattern: deep }]);
    expect(errorOf(() => parseRules(json, { file: 'x.json' })).message).toMatch(
      /x\.json: rule #1 \(deep\): field "pattern": .*nested parentheses.* column 66/,
    );
    expect(parseRules(json, { file: 'x.json', limits: { pattern: { maxDepth: 65 } } })).toHaveLength(1);
  });
});

describe('threshold ranges (issue 13, finding 9)', () => {
  const rule = (threshold: string) =>
    `rules:\n  - id: t\n    title: T\n    severity: low\n    pattern: ""\n    threshold: ${threshold}\n`;
  const bad: Array<[string, RegExp]> = [
    ['{ count: 1e308, window: 5m }', /field "threshold\.count": must be <= 100000/],
    ['{ count: 100001, window: 5m }', /field "threshold\.count": must be <= 100000/],
    ['{ count: 2.5, window: 5m }', /field "threshold\.count": must be integer/],
    ['{ count: 0, window: 5m }', /field "threshold\.count": must be >= 1/],
    ['{ count: 2, window: 99999999999999999999h }', /field "threshold\.window": must be seconds .*366 days/],
    [
      '{ count: 2, window: 8785h }',
      /field "threshold\.window": must be at most 366 days \(31622400 seconds\)/,
    ],
    ['{ count: 2, window: 1e308 }', /field "threshold\.window": must be seconds/],
    ['{ count: 2, window: .inf }', /field "threshold\.window": must be seconds/],
    ['{ count: 2, window: 0 }', /field "threshold\.window": must be seconds/],
    ['{ count: 2, window: 5m, maxKeys: 1e12 }', /field "threshold\.maxKeys": must be <= 1000000/],
  ];
  for (const [threshold, message] of bad) {
    it(`rejects threshold ${threshold}`, () => {
      const err = errorOf(() => parseRules(rule(threshold), { file: 'r.yaml' }));
      expect(err.message).toMatch(/^r\.yaml: rule #1 \(t\): /);
      expect(err.message).toMatch(message);
    });
  }

  it('accepts the largest values', () => {
    for (const threshold of [
      `{ count: ${MAX_THRESHOLD_COUNT}, window: 8784h }`,
      `{ count: 1, window: ${MAX_WINDOW_SECONDS}, maxKeys: 1000000 }`,
    ]) {
      expect(parseRules(rule(threshold), { file: 'r.yaml' })).toHaveLength(1);
    }
  });

  it('thresholdDetector() holds to the same ranges', () => {
    const base = { id: 'x', title: 'X', severity: 'low' as const, match: '' };
    const cases: Array<Partial<Parameters<typeof thresholdDetector>[0]>> = [
      { threshold: 1e308, windowSeconds: 60 },
      { threshold: MAX_THRESHOLD_COUNT + 1, windowSeconds: 60 },
      { threshold: 2, windowSeconds: Number.POSITIVE_INFINITY },
      { threshold: 2, windowSeconds: Number.NaN },
      { threshold: 2, windowSeconds: MAX_WINDOW_SECONDS + 1 },
      { threshold: 2, windowSeconds: 60, maxKeys: 1e12 },
    ];
    for (const c of cases) {
      expect(() => thresholdDetector({ ...base, threshold: 2, windowSeconds: 60, ...c })).toThrow(
        ConfigError,
      );
    }
    expect(
      thresholdDetector({ ...base, threshold: MAX_THRESHOLD_COUNT, windowSeconds: MAX_WINDOW_SECONDS }).id,
    ).toBe('x');
  });
});
