import { describe, expect, it } from 'vitest';
import { classifyKey, compactTime, daysBetween, parseCompactTime } from './layout';

describe('classifyKey', () => {
  it('understands log files with and without prefix and org id', () => {
    // a real file name from the bundled samples (invictus-ir/aws_dataset)
    const real =
      'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json.gz';
    expect(classifyKey(real)).toEqual({
      kind: 'log',
      folder: 'AWSLogs/218007301253/CloudTrail/us-east-1/',
      account: '218007301253',
      region: 'us-east-1',
      time: new Date('2023-07-10T11:45:00Z'),
    });
    const org = `logs/a/AWSLogs/o-abc123defg/${real.slice('AWSLogs/'.length)}`;
    expect(classifyKey(org).folder).toBe('logs/a/AWSLogs/o-abc123defg/218007301253/CloudTrail/us-east-1/');
    expect(classifyKey(org).kind).toBe('log');
  });

  it('recognises digests and Insights files, and rejects anything else', () => {
    expect(
      classifyKey(
        'AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/11/01/111111111111_CloudTrail-Digest_us-east-1_trail_us-east-1_20261101T010000Z.json.gz',
      ).kind,
    ).toBe('digest');
    expect(
      classifyKey(
        'AWSLogs/111111111111/CloudTrail-Insight/us-east-1/2026/11/01/111111111111_CloudTrail-Insight_us-east-1_20261101T0100Z_abcdefABCDEF0123.json.gz',
      ).kind,
    ).toBe('insight');
    expect(classifyKey('AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/01/README.txt').kind).toBe('other');
    // file of another account in this folder
    expect(
      classifyKey(
        'AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/01/222222222222_CloudTrail_us-east-1_20261101T0100Z_abcdefABCDEF0123.json.gz',
      ).kind,
    ).toBe('other');
    expect(classifyKey('AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/').kind).toBe('other');
    expect(classifyKey('random/key.json').kind).toBe('other');
  });

  it('round-trips compact times and lists days across a month boundary', () => {
    expect(compactTime(parseCompactTime('20261231T2355Z'))).toBe('20261231T2355Z');
    expect(
      daysBetween(new Date('2026-10-31T23:50:00Z'), new Date('2026-11-01T00:10:00Z')).map((d) =>
        d.toISOString(),
      ),
    ).toEqual(['2026-10-31T00:00:00.000Z', '2026-11-01T00:00:00.000Z']);
  });
});
