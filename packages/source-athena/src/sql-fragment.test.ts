import { describe, expect, it } from 'vitest';
import { athenaCatalog, athenaName, athenaWorkGroup, quotedName } from './athena-names';
import { SqlFragment, renderSql, sql, sqlJoin, sqlList, trustedSql } from './sql-fragment';

describe('sql fragments', () => {
  it('keeps every interpolated string a value, whatever it holds', () => {
    const hostile = `\u00000\u0000' OR 1=1 --?`;
    const fragment = sql`eventname = ${hostile} AND x IN ${sqlList(['a', '?'])}`;
    expect(fragment.text).toEqual(['eventname = ', ' AND x IN (', ', ', ')']);
    expect(fragment.values).toEqual([hostile, 'a', '?']);
    expect(renderSql(fragment, 'parameters')).toEqual({
      sql: 'eventname = ? AND x IN (?, ?)',
      executionParameters: [`U&'\\00000\\0000'' OR 1=1 --?'`, "'a'", "'?'"],
    });
    expect(renderSql(fragment, 'inline').sql).toBe(
      `eventname = U&'\\00000\\0000'' OR 1=1 --?' AND x IN ('a', '?')`,
    );
  });

  it('splices fragments with their values in order', () => {
    const inner = sql`a = ${'1'}`;
    const joined = sqlJoin([inner, sql`b = ${'2'}`, trustedSql('c IS NULL')], sql` AND `);
    const outer = sql`WHERE ${joined} LIMIT 5`;
    expect(renderSql(outer, 'parameters')).toEqual({
      sql: 'WHERE a = ? AND b = ? AND c IS NULL LIMIT 5',
      executionParameters: ["'1'", "'2'"],
    });
  });

  it('never takes a look-alike object for SQL text', () => {
    const forged = { text: ['1=1 --'], values: [] } as unknown as SqlFragment;
    expect(() => sql`x = ${forged}`).toThrow(TypeError);
    expect(() => new SqlFragment(Symbol('x') as never, ['a'], [])).toThrow(TypeError);
  });

  it('accepts only plain names and punctuation as trusted text', () => {
    expect(trustedSql('coalesce(useridentity.username, x.y)').text).toEqual([
      'coalesce(useridentity.username, x.y)',
    ]);
    for (const text of ["a'", 'a?', 'a;', 'a -- b', 'a\\', 'a\u0000', 'a\nb', '/* */']) {
      expect(() => trustedSql(text), text).toThrow(TypeError);
    }
  });
});

describe('Athena names', () => {
  it('checks SQL names, workgroups and catalogs', () => {
    expect(athenaName('c', 'table', 'cloudtrail_logs')).toBe('cloudtrail_logs');
    expect(quotedName('c', 'table', '2024_logs').text).toEqual(['"2024_logs"']);
    expect(() => athenaName('c', 'table', 'Logs')).toThrow(/table must be an Athena name.*use "logs"/);
    expect(athenaWorkGroup('c', 'workGroup', 'primary')).toBe('primary');
    expect(() => athenaWorkGroup('c', 'workGroup', 'a/b')).toThrow(/workGroup/);
    expect(athenaCatalog('c', 'catalog', 's3tablescatalog/my-bucket')).toBe('s3tablescatalog/my-bucket');
    expect(() => athenaCatalog('c', 'catalog', 'a\u0007')).toThrow(/catalog/);
    expect(() => athenaCatalog('c', 'catalog', 'a\ud800')).toThrow(/catalog/);
  });
});
