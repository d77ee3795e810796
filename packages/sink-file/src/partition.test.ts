import { describe, expect, it } from 'vitest';
import { compilePartition, partitionValues, safeSegment } from './partition';

describe('safeSegment', () => {
  it.each([
    ['us-east-1', 'us-east-1'],
    ['..', '_.'],
    ['.', '_'],
    ['../../etc', '_._.._etc'],
    ['/etc/passwd', '_etc_passwd'],
    ['a\\b', 'a_b'],
    ['x\u0000\n\ry', 'x___y'],
    ['', 'unknown'],
    [undefined, 'unknown'],
    [null, 'unknown'],
    [{ toString: () => '..' }, 'unknown'],
    [123456789012, '123456789012'],
  ])('%j -> %j', (input, expected) => {
    expect(safeSegment(input)).toBe(expected);
  });

  it('caps the length at 64', () => {
    expect(safeSegment('a'.repeat(500))).toHaveLength(64);
  });
});

describe('compilePartition', () => {
  it('fills the account/region/date preset from an event', () => {
    const p = compilePartition('account/region/date');
    expect(
      p({ recipientAccountId: '111122223333', awsRegion: 'eu-west-1', eventTime: '2024-02-29T23:59:59Z' }),
    ).toBe('111122223333/eu-west-1/2024/02/29');
  });

  it('falls back to userIdentity.accountId, and to unknown for bad dates', () => {
    const p = compilePartition('{account}/{yyyy}-{mm}-{dd}T{hh}');
    expect(p({ userIdentity: { accountId: '444455556666' }, eventTime: 'yesterday' })).toBe(
      '444455556666/unknown-unknown-unknownTunknown',
    );
  });

  it('returns an empty path for none', () => {
    expect(compilePartition('none')({ awsRegion: 'x' })).toBe('');
  });

  it('reads findings by their own fields', () => {
    const values = partitionValues({
      kind: 'finding',
      id: 'x',
      rule: { id: 'r', title: 't', severity: 'low' },
      severity: 'low',
      summary: 's',
      time: '2023-07-10T11:45:00Z',
      events: [],
      account: '218007301253',
      region: 'us-east-1',
      action: 'iam.amazonaws.com:CreateUser',
    });
    expect(values).toEqual({
      account: '218007301253',
      region: 'us-east-1',
      yyyy: '2023',
      mm: '07',
      dd: '10',
      hh: '11',
      source: 'iam.amazonaws.com',
      kind: 'findings',
    });
  });
});
