import { ConfigError, pattern } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { buildQuery } from './query-builder';

const table = { database: 'security', table: 'cloudtrail_logs' };

describe('buildQuery', () => {
  it('always prunes the date partition and bounds eventtime; account and region partitions when given', () => {
    // The last partition is the day of until + 15 minutes (CloudTrail's delivery delay, issue 12).
    const q = buildQuery(
      {
        since: '2023-07-10T11:00:00Z',
        until: '2023-07-12T00:00:00Z',
        accounts: ['218007301253'],
        regions: ['us-east-1', 'eu-west-1'],
      },
      { ...table, values: 'inline' },
    );
    expect(q.sql).toBe(
      [
        'SELECT *',
        'FROM "security"."cloudtrail_logs"',
        `WHERE "timestamp" BETWEEN '2023/07/10' AND '2023/07/12'`,
        `  AND eventtime >= '2023-07-10T11:00:00Z'`,
        `  AND eventtime < '2023-07-12T00:00:00Z'`,
        `  AND "account" IN ('218007301253')`,
        `  AND "region" IN ('us-east-1', 'eu-west-1')`,
        'ORDER BY eventtime',
      ].join('\n'),
    );
    expect(q.executionParameters).toEqual([]);
    expect(q.residual).toBeUndefined();
    expect(q.dateRange).toEqual({ from: '2023/07/10', to: '2023/07/12' });
  });

  it('uses plain columns when the table has no account/region partitions', () => {
    const q = buildQuery(
      { since: '2023-07-10T00:00:00Z', until: '2023-07-11T00:00:00Z', accounts: ['1'], regions: ['r'] },
      { ...table, partitions: { account: false, region: false }, values: 'inline' },
    );
    expect(q.sql).toContain(`recipientaccountid IN ('1')`);
    expect(q.sql).toContain(`awsregion IN ('r')`);
  });

  it('passes values as ExecutionParameters in text order', () => {
    const q = buildQuery(
      {
        since: '2023-07-10T00:00:00Z',
        until: '2023-07-11T00:00:00Z',
        eventNames: ['ConsoleLogin', 'Get*'],
        limit: 10,
      },
      table,
    );
    expect(q.sql.replaceAll("ESCAPE '\\'", '')).not.toContain("'");
    expect(q.sql.split('?').length - 1).toBe(q.executionParameters.length);
    expect(q.executionParameters).toEqual([
      "'2023/07/10'",
      "'2023/07/11'",
      "'2023-07-10T00:00:00Z'",
      "'2023-07-11T00:00:00Z'",
      "'ConsoleLogin'",
      "'Get%'",
    ]);
    expect(q.sql).toContain('(eventname = ? OR eventname LIKE ? ESCAPE');
    expect(q.sql.endsWith('LIMIT 10')).toBe(true);
  });

  it('escapes hostile values in both modes', () => {
    const hostile = [
      "x'; DROP TABLE cloudtrail_logs; --",
      'back\\slash',
      'new\nline',
      'ünï😀',
      "' OR '1'='1",
    ];
    const inline = buildQuery({ since: 0, until: 1000, eventNames: hostile }, { ...table, values: 'inline' });
    expect(inline.sql).toContain(`'x''; DROP TABLE cloudtrail_logs; --'`);
    expect(inline.sql).toContain(`'back\\slash'`);
    expect(inline.sql).toContain(`U&'new\\000aline'`);
    expect(inline.sql).toContain(`U&'\\00fcn\\00ef\\+01f600'`);
    expect(inline.sql).toContain(`''' OR ''1''=''1'`);
    const params = buildQuery({ since: 0, until: 1000, eventNames: hostile }, table);
    expect(params.executionParameters.slice(-5)).toEqual([
      "'x''; DROP TABLE cloudtrail_logs; --'",
      "'back\\slash'",
      "U&'new\\000aline'",
      "U&'\\00fcn\\00ef\\+01f600'",
      "''' OR ''1''=''1'",
    ]);
  });

  it('translates the CIS unauthorized-API-calls pattern exactly', () => {
    const q = buildQuery(
      {
        since: 0,
        until: 1000,
        pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
      },
      { ...table, values: 'inline' },
    );
    expect(q.sql).toContain(
      `((errorcode LIKE '%UnauthorizedOperation' ESCAPE '\\') OR (errorcode LIKE 'AccessDenied%' ESCAPE '\\'))`,
    );
    expect(q.residual).toBeUndefined();
  });

  it('pushes a superset and keeps the pattern as residual when it is not exact', () => {
    const p = pattern(
      '{ ($.eventName = "GetObject") && ($.requestParameters.bucketName = "prod") && ($.resources[0].ARN = "x") }',
    );
    const q = buildQuery({ since: 0, until: 1000, pattern: p }, { ...table, values: 'inline' });
    expect(q.sql).toContain(
      `(eventname = 'GetObject') AND (json_extract_scalar(requestparameters, '$.bucketName') = 'prod')`,
    );
    expect(q.sql).not.toContain('ARN');
    expect(q.residual).toBe(p);
    expect(q.local).toEqual([`pattern(${p.text})`]);
  });

  it('does not push an OR with an untranslatable operand', () => {
    const q = buildQuery(
      { since: 0, until: 1000, pattern: '{ $.eventName = "A" || $.n > 3 }' },
      { ...table, values: 'inline' },
    );
    expect(q.sql).not.toContain(`'A'`);
    expect(q.residual).toBeDefined();
  });

  it('pushes where() criteria one by one and keeps RegExps local', () => {
    const q = buildQuery(
      {
        since: 0,
        until: 1000,
        userIdentity: { type: 'Root', userName: { not: ['admin'] } },
        where: { eventName: /^Delete/, hasError: true, readOnly: false },
      },
      { ...table, values: 'inline' },
    );
    expect(q.sql).toContain(`useridentity.type = 'Root'`);
    expect(q.sql).toContain(
      `(coalesce(useridentity.username, useridentity.sessioncontext.sessionissuer.username) IS NULL OR NOT coalesce(useridentity.username, useridentity.sessioncontext.sessionissuer.username) = 'admin')`,
    );
    expect(q.sql).toContain(`(errorcode IS NOT NULL AND errorcode <> '')`);
    expect(q.sql).toContain(`readonly = 'false'`);
    expect(q.local).toEqual(['where(eventName)']);
    expect(q.residual?.test({ eventName: 'DeleteBucket' })).toBe(true);
    expect(q.residual?.test({ eventName: 'CreateBucket' })).toBe(false);
  });

  it('rejects bad filters with ConfigError', () => {
    expect(() => buildQuery({} as never, table)).toThrow(ConfigError);
    expect(() => buildQuery({ since: 'yesterday' }, table)).toThrow(/since: not a valid time/);
    expect(() => buildQuery({ since: 10, until: 5 }, table)).toThrow(/until must be after since/);
    expect(() => buildQuery({ since: 0, accounts: [] }, table)).toThrow(/accounts/);
    expect(() => buildQuery({ since: 0, limit: 0 }, table)).toThrow(/limit/);
    expect(() => buildQuery({ since: 0, where: { nope: 'x' } as never }, table)).toThrow(/unknown criterion/);
  });
});
