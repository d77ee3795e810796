import { recordToRow, renderValue } from '@trailkit/testing';
import { describe, expect, it } from 'vitest';
import { invictusRecords, stratusRecords } from '../test/fixtures';
import { USER_IDENTITY } from './cloudtrail-columns';
import { CellSyntaxError, parseCell } from './struct-text';

describe('parseCell', () => {
  it('parses a struct as Athena renders it, guided by the column type', () => {
    const text =
      '{type=IAMUser, principalid=AIDA1, arn=arn:aws:iam::1:user/a, accountid=1, invokedby=null, accesskeyid=AKIA, username=a, onbehalfof=null, sessioncontext={attributes={mfaauthenticated=false, creationdate=2023-07-10T11:54:38Z}, sessionissuer=null, ec2roledelivery=null, webidfederationdata=null}}';
    expect(parseCell(text, USER_IDENTITY)).toMatchObject({
      type: 'IAMUser',
      invokedby: null,
      sessioncontext: {
        attributes: { mfaauthenticated: 'false', creationdate: '2023-07-10T11:54:38Z' },
        sessionissuer: null,
      },
    });
  });

  it('keeps values that contain commas, equals signs and braces when they are not field boundaries', () => {
    const text =
      '{type=a, b=c}, principalid=x=y, arn={}, accountid=1, invokedby=null, accesskeyid=null, username=n, onbehalfof=null, sessioncontext=null}';
    expect(parseCell(text, USER_IDENTITY)).toMatchObject({ type: 'a, b=c}', principalid: 'x=y', arn: '{}' });
  });

  it('round-trips the userIdentity of every real record', () => {
    const records = [...invictusRecords(), ...stratusRecords()].filter((r) => r.userIdentity);
    expect(records.length).toBeGreaterThan(2000);
    for (const record of records) {
      const row = recordToRow(record);
      const cell = renderValue(row.useridentity ?? null) as string;
      expect(parseCell(cell, USER_IDENTITY)).toEqual(row.useridentity);
    }
  });

  it('rejects text that is not the column type', () => {
    expect(() => parseCell('[1, 2]', USER_IDENTITY)).toThrow(CellSyntaxError);
    expect(() => parseCell('{type=a}', USER_IDENTITY)).toThrow(/expected field 'principalid'|unterminated/);
  });
});
