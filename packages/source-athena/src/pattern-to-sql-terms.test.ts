import { type TrailEvent, parsePattern, pattern } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { patternToSql } from './pattern-to-sql';
import { buildQuery } from './query-builder';

const table = { database: 'security', table: 'cloudtrail_logs' };
const since = '2023-07-10T11:00:00Z';

describe('term and space-delimited patterns in Athena queries', () => {
  for (const text of [
    'AccessDenied',
    '?AccessDenied ?UnauthorizedOperation',
    'ERROR -DEBUG',
    '%Access%',
    '[a, ...]',
  ]) {
    it(`${text}: nothing pushed, the whole pattern runs on the results`, () => {
      expect(patternToSql(parsePattern(text))).toEqual({ sql: undefined, exact: false });
      const q = buildQuery({ since, pattern: text }, { ...table, values: 'inline' });
      expect(q.local).toEqual([`pattern(${text})`]);
      expect(q.sql).not.toContain('Access');
      expect(q.residual).toBeDefined();
    });
  }

  it('the residual decides as pattern() on the record text', () => {
    const q = buildQuery({ since, pattern: 'AccessDenied' }, { ...table, values: 'inline' });
    const denied = { eventName: 'GetObject', errorCode: 'AccessDenied' } as TrailEvent;
    const ok = { eventName: 'GetObject' } as TrailEvent;
    const residual = q.residual as { test(e: TrailEvent): boolean };
    expect(residual.test(denied)).toBe(true);
    expect(residual.test(ok)).toBe(false);
    expect(pattern('AccessDenied').test(denied)).toBe(true);
  });

  it('JSON patterns are still pushed as before', () => {
    const q = buildQuery(
      { since, pattern: '{ $.errorCode = "AccessDenied*" }' },
      { ...table, values: 'inline' },
    );
    expect(q.sql).toContain(`errorcode LIKE 'AccessDenied%'`);
    expect(q.local).toEqual([]);
  });
});
