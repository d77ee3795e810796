/**
 * Conformance of the Sigma loader, one case per value modifier and condition form, written from the
 * examples of the Sigma specification v2 (sigma-specification: specification/sigma-rules-specification.md
 * and appendix/sigma-modifiers-appendix.md), adapted to CloudTrail field names.
 */
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../event/trail-event';
import { pattern } from '../../filters/pattern';
import { indexDetectors } from '../detector-index';
import { parseRules } from '../rule-file';
import { SigmaUnsupportedError } from './sigma-errors';
import { parseSigmaRules } from './sigma-file';

function rule(detection: string, extra = ''): (e: Record<string, unknown>) => boolean {
  const text = `title: t\nid: 0a1b2c3d-0000-4000-8000-000000000001\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n${detection}\n${extra}`;
  const [d] = parseSigmaRules(text, { file: 'test.yml' });
  return (e) => d!.process(e as TrailEvent) !== undefined;
}

const ev = (x: Record<string, unknown>) => ({
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  ...x,
});

describe('Sigma value matching', () => {
  it('plain values are whole-value and case-insensitive; lists are OR; maps are AND', () => {
    const m = rule(
      '  sel:\n    eventName:\n      - CreateUser\n      - DeleteUser\n    eventSource: iam.amazonaws.com\n  condition: sel',
    );
    expect(m(ev({ eventName: 'createuser' }))).toBe(true);
    expect(m(ev({ eventName: 'DeleteUser' }))).toBe(true);
    expect(m(ev({ eventName: 'CreateUsers' }))).toBe(false);
    expect(m(ev({ eventSource: 'sts.amazonaws.com' }))).toBe(false);
  });
  it('* and ? wildcards, and their escapes', () => {
    const m = rule("  sel:\n    userAgent: 'aws-cli/2.?.* Python*'\n  condition: sel");
    expect(m(ev({ userAgent: 'aws-cli/2.1.3 Python/3' }))).toBe(true);
    expect(m(ev({ userAgent: 'aws-cli/2.10.3 Python/3' }))).toBe(false);
    const lit = rule("  sel:\n    userAgent: 'a\\*b\\?c\\\\d'\n  condition: sel");
    expect(lit(ev({ userAgent: 'a*b?c\\d' }))).toBe(true);
    expect(lit(ev({ userAgent: 'aXbYc\\d' }))).toBe(false);
    // a backslash before another character is itself; \\ then * is a backslash and a wildcard
    const win = rule("  sel:\n    userAgent: 'C:\\Windows\\\\*'\n  condition: sel");
    expect(win(ev({ userAgent: 'C:\\Windows\\system32' }))).toBe(true);
    expect(
      rule("  sel:\n    userAgent: 'C:\\Windows\\*'\n  condition: sel")(ev({ userAgent: 'C:\\Windowsx' })),
    ).toBe(false);
  });
  it('contains, startswith, endswith (and with wildcards inside)', () => {
    expect(
      rule("  sel:\n    userAgent|contains: 'boto3'\n  condition: sel")(ev({ userAgent: 'Boto3/1.2' })),
    ).toBe(true);
    expect(
      rule("  sel:\n    userAgent|startswith: 'aws-cli'\n  condition: sel")(ev({ userAgent: 'x aws-cli' })),
    ).toBe(false);
    expect(
      rule("  sel:\n    userAgent|endswith: 'Kali'\n  condition: sel")(ev({ userAgent: 'linux kali' })),
    ).toBe(true);
    expect(
      rule("  sel:\n    userAgent|contains: 'a*c'\n  condition: sel")(ev({ userAgent: 'xxabbbcxx' })),
    ).toBe(true);
  });
  it('all: every value must match', () => {
    const m = rule("  sel:\n    userAgent|contains|all:\n      - 'kali'\n      - 'cli'\n  condition: sel");
    expect(m(ev({ userAgent: 'aws-cli kali' }))).toBe(true);
    expect(m(ev({ userAgent: 'aws-cli' }))).toBe(false);
  });
  it('cased: case-sensitive', () => {
    const m = rule("  sel:\n    userAgent|cased: 'Boto3'\n  condition: sel");
    expect(m(ev({ userAgent: 'Boto3' }))).toBe(true);
    expect(m(ev({ userAgent: 'boto3' }))).toBe(false);
  });
  it('re (RE2, case-sensitive by default; i, m, s flags)', () => {
    const m = rule("  sel:\n    userIdentity.arn|re: '.+:assumed-role/aws:.+'\n  condition: sel");
    expect(m(ev({ userIdentity: { arn: 'arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1' } }))).toBe(true);
    expect(m(ev({ userIdentity: { arn: 'arn:aws:sts::1:assumed-role/Admin/x' } }))).toBe(false);
    expect(rule("  sel:\n    userAgent|re: '^BOTO'\n  condition: sel")(ev({ userAgent: 'boto3' }))).toBe(
      false,
    );
    expect(rule("  sel:\n    userAgent|re|i: '^BOTO'\n  condition: sel")(ev({ userAgent: 'boto3' }))).toBe(
      true,
    );
  });
  it('cidr (IPv4 and IPv6)', () => {
    const m = rule(
      "  sel:\n    sourceIPAddress|cidr:\n      - '192.168.0.0/16'\n      - '2001:db8::/32'\n  condition: sel",
    );
    expect(m(ev({ sourceIPAddress: '192.168.12.1' }))).toBe(true);
    expect(m(ev({ sourceIPAddress: '192.169.0.1' }))).toBe(false);
    expect(m(ev({ sourceIPAddress: '2001:db8:1::5' }))).toBe(true);
    expect(m(ev({ sourceIPAddress: 'AWS Internal' }))).toBe(false);
  });
  it('exists, and null (missing or null)', () => {
    const ex = rule('  sel:\n    errorCode|exists: true\n  condition: sel');
    expect(ex(ev({ errorCode: 'AccessDenied' }))).toBe(true);
    expect(ex(ev({}))).toBe(false);
    const notEx = rule('  sel:\n    errorCode|exists: false\n  condition: sel');
    expect(notEx(ev({}))).toBe(true);
    const nul = rule('  sel:\n    errorCode: null\n  condition: sel');
    expect(nul(ev({}))).toBe(true);
    expect(nul(ev({ errorCode: null }))).toBe(true);
    expect(nul(ev({ errorCode: 'AccessDenied' }))).toBe(false);
  });
  it('base64 and base64offset (the specification example: "/bin/bash")', () => {
    const b = rule("  sel:\n    requestParameters.userData|base64: '/bin/bash'\n  condition: sel");
    expect(b(ev({ requestParameters: { userData: 'L2Jpbi9iYXNo' } }))).toBe(true);
    const off = rule(
      "  sel:\n    requestParameters.userData|base64offset|contains: '/bin/bash'\n  condition: sel",
    );
    for (const prefix of ['', 'x', 'xy']) {
      const encoded = Buffer.from(`${prefix}/bin/bash -c id`).toString('base64');
      expect(off(ev({ requestParameters: { userData: encoded } }))).toBe(true);
    }
    expect(off(ev({ requestParameters: { userData: Buffer.from('/bin/sh').toString('base64') } }))).toBe(
      false,
    );
    // utf16le (wide) before base64
    const wide = rule("  sel:\n    requestParameters.userData|wide|base64: 'ab'\n  condition: sel");
    expect(
      wide(ev({ requestParameters: { userData: Buffer.from('ab', 'utf16le').toString('base64') } })),
    ).toBe(true);
  });
  it('windash: - and / (and Unicode dashes) at the start of a word', () => {
    const m = rule("  sel:\n    requestParameters.commands|windash|contains: ' -exec '\n  condition: sel");
    expect(m(ev({ requestParameters: { commands: 'cmd /exec x' } }))).toBe(true);
    expect(m(ev({ requestParameters: { commands: 'cmd \u2013exec x' } }))).toBe(true);
    expect(m(ev({ requestParameters: { commands: 'cmd exec x' } }))).toBe(false);
  });
  it('lt, lte, gt, gte on numbers (and numeric text)', () => {
    const m = rule(
      '  sel:\n    requestParameters.maxCount|gte: 10\n    requestParameters.minCount|lt: 3\n  condition: sel',
    );
    expect(m(ev({ requestParameters: { maxCount: 10, minCount: '2' } }))).toBe(true);
    expect(m(ev({ requestParameters: { maxCount: 9, minCount: 2 } }))).toBe(false);
    expect(m(ev({ requestParameters: { maxCount: 'many', minCount: 2 } }))).toBe(false);
    expect(rule('  sel:\n    n|lte: 5\n    m|gt: 5\n  condition: sel')({ n: 5, m: 6 })).toBe(true);
  });
  it('fieldref: compare with another field', () => {
    const m = rule(
      '  sel:\n    requestParameters.userName|fieldref: userIdentity.userName\n  condition: sel',
    );
    expect(m(ev({ requestParameters: { userName: 'Bob' }, userIdentity: { userName: 'bob' } }))).toBe(true);
    expect(m(ev({ requestParameters: { userName: 'alice' }, userIdentity: { userName: 'bob' } }))).toBe(
      false,
    );
  });
  it('numbers and booleans match their JSON value; lists in the record match by item', () => {
    expect(rule('  sel:\n    readOnly: false\n  condition: sel')(ev({ readOnly: false }))).toBe(true);
    expect(rule('  sel:\n    readOnly: false\n  condition: sel')(ev({ readOnly: true }))).toBe(false);
    const arn = rule("  sel:\n    resources.ARN|endswith: ':trail/main'\n  condition: sel");
    expect(arn(ev({ resources: [{ ARN: 'arn:x' }, { ARN: 'arn:aws:cloudtrail:r:1:trail/main' }] }))).toBe(
      true,
    );
    expect(arn(ev({ resources: [{ ARN: 'arn:x' }] }))).toBe(false);
  });
  it('keywords: a list of values searched in every text of the record', () => {
    const m = rule("  keywords:\n    - 'pacu'\n    - 'stratus'\n  condition: keywords");
    expect(m(ev({ userAgent: 'Pacu/1.0' }))).toBe(true);
    expect(m(ev({ requestParameters: { tags: [{ v: 'stratus-red-team' }] } }))).toBe(true);
    expect(m(ev({ userAgent: 'boto3' }))).toBe(false);
  });
});

describe('Sigma conditions', () => {
  const d = [
    '  selection_a:\n    eventName: CreateUser',
    '  selection_b:\n    eventName: DeleteUser',
    '  filter_x:\n    userIdentity.type: Root',
  ].join('\n');
  const root = { userIdentity: { type: 'Root' } };
  it('and, or, not, parentheses (not binds tighter than and, and than or)', () => {
    const m = rule(`${d}\n  condition: selection_a or selection_b and not filter_x`);
    expect(m(ev({ eventName: 'CreateUser', ...root }))).toBe(true);
    expect(m(ev({ eventName: 'DeleteUser', ...root }))).toBe(false);
    const p = rule(`${d}\n  condition: (selection_a or selection_b) and not filter_x`);
    expect(p(ev({ eventName: 'CreateUser', ...root }))).toBe(false);
    expect(p(ev({ eventName: 'DeleteUser' }))).toBe(true);
  });
  it('1 of selection_*, any of, all of selection_*, 1 of them, all of them', () => {
    expect(rule(`${d}\n  condition: 1 of selection_*`)(ev({ eventName: 'DeleteUser' }))).toBe(true);
    expect(rule(`${d}\n  condition: any of selection_*`)(ev({ eventName: 'DeleteUser' }))).toBe(true);
    expect(rule(`${d}\n  condition: all of selection_*`)(ev({ eventName: 'DeleteUser' }))).toBe(false);
    expect(rule(`${d}\n  condition: 1 of them`)(ev({ eventName: 'X', ...root }))).toBe(true);
    expect(rule(`${d}\n  condition: all of them`)(ev({ eventName: 'CreateUser', ...root }))).toBe(false);
    const both = rule(
      '  a:\n    eventName: CreateUser\n  b:\n    eventSource: iam.amazonaws.com\n  condition: all of them',
    );
    expect(both(ev({}))).toBe(true);
  });
  it('a list of maps is OR; a list of conditions is OR', () => {
    const m = rule("  sel:\n    - eventName: CreateUser\n    - userAgent: 'x'\n  condition: sel");
    expect(m(ev({ eventName: 'Other', userAgent: 'x' }))).toBe(true);
    expect(m(ev({ eventName: 'Other' }))).toBe(false);
    const two = rule(`${d}\n  condition:\n    - selection_a\n    - selection_b`);
    expect(two(ev({ eventName: 'DeleteUser' }))).toBe(true);
  });
});

describe('Sigma rules in trailkit', () => {
  const text = [
    'title: IAM user created',
    'id: 11111111-2222-4333-8444-555555555555',
    'author: someone',
    'tags:',
    '  - attack.persistence',
    '  - attack.t1136.003',
    'logsource:',
    '  product: aws',
    '  service: cloudtrail',
    'detection:',
    '  sel:',
    '    eventSource: iam.amazonaws.com',
    '    eventName: CreateUser',
    '  condition: sel',
    'level: informational',
    'falsepositives:',
    '  - onboarding',
  ].join('\n');
  it('keeps the metadata; level becomes the severity, tags the ATT&CK mapping of the finding', () => {
    const [d] = parseRules(text, { file: 'r.yml' }) as Array<{
      process: (e: TrailEvent) => unknown[] | undefined;
      meta: unknown;
    }>;
    const [f] = d!.process(ev({}) as TrailEvent) as Array<{
      severity: string;
      rule: Record<string, unknown>;
    }>;
    expect(f!.severity).toBe('info');
    expect(f!.rule.attack).toEqual({ tactics: ['persistence'], techniques: ['T1136.003'] });
    expect(f!.rule.author).toBe('someone');
    expect(f!.rule.falsePositives).toEqual(['onboarding']);
  });
  it('goes through the index only for the events it can match (case-insensitively, as Sigma matches)', () => {
    const index = indexDetectors(parseRules(text, { file: 'r.yml' }));
    expect(index.candidates(ev({}) as TrailEvent)).toHaveLength(1);
    expect(index.candidates(ev({ eventName: 'createuser' }) as TrailEvent)).toHaveLength(1);
    expect(index.process(ev({ eventName: 'createuser' }) as TrailEvent)).toHaveLength(1);
    expect(index.candidates(ev({ eventName: 'DeleteUser' }) as TrailEvent)).toHaveLength(0);
  });
  it('names the file, the rule and the construct when something is unsupported', () => {
    const bad = text.replace('eventName: CreateUser', 'eventName|expand: "%names%"');
    expect(() => parseRules(bad, { file: 'r.yml' })).toThrow(
      /r\.yml: Sigma rule #1 "IAM user created" \(11111111-2222-4333-8444-555555555555\).*value modifier "expand"/,
    );
    try {
      parseRules(bad, { file: 'r.yml' });
    } catch (error) {
      expect(SigmaUnsupportedError.isInstance(error)).toBe(true);
      expect((error as SigmaUnsupportedError).code).toBe('SIGMA_UNSUPPORTED');
    }
    expect(() =>
      parseRules(text.replace('condition: sel', 'condition: sel | count() > 5'), { file: 'r.yml' }),
    ).toThrow(/aggregation/);
    expect(() =>
      parseRules(text.replace('service: cloudtrail', 'service: guardduty'), { file: 'r.yml' }),
    ).toThrow(/log source/);
    const skipped: string[] = [];
    const rules = parseRules(`${text}\n---\n${bad}`, {
      file: 'r.yml',
      onUnsupported: (e) => skipped.push(e.construct),
    });
    expect(rules).toHaveLength(1);
    expect(skipped).toEqual(['value modifier "expand" (in "eventName|expand")']);
  });
});

describe('Sigma rules as CloudWatch Logs filter patterns (pushdown)', () => {
  const head = 'title: t\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n';
  const patternOf = (detection: string) => parseSigmaRules(`${head}${detection}`)[0]!.pattern;
  it('writes an equal pattern where one exists, and none where it would differ', () => {
    const p = patternOf(
      "  sel:\n    eventName|startswith: 'Delete'\n    errorCode: null\n    userAgent|cased|contains: 'a.b'\n  condition: sel",
    );
    expect(p).toBe(
      '{ ($.eventName = %^[Dd][Ee][Ll][Ee][Tt][Ee][\\s\\S]*$%) && (($.errorCode IS NULL) || ($.errorCode NOT EXISTS)) && ($.userAgent = %^[\\s\\S]*a\\.b[\\s\\S]*$%) }',
    );
    const f = pattern(p!);
    const rule = parseSigmaRules(
      `${head}  sel:\n    eventName|startswith: 'Delete'\n    errorCode: null\n    userAgent|cased|contains: 'a.b'\n  condition: sel`,
    )[0]!;
    for (const e of [
      { eventName: 'deleteBucket', userAgent: 'xa.bc' },
      { eventName: 'DeleteBucket', userAgent: 'xA.bc' },
      { eventName: 'DeleteBucket', userAgent: 'xa.bc', errorCode: 'AccessDenied' },
      { eventName: 'PutBucket', userAgent: 'a.bc' },
    ] as TrailEvent[]) {
      expect(f.test(e)).toBe(rule.matches(e));
    }
    // an exact case-sensitive value is a plain comparison
    expect(
      patternOf(
        "  a:\n    eventName|cased: 'StopLogging'\n    eventSource|cased: 'cloudtrail.amazonaws.com'\n  condition: a",
      ),
    ).toBe('{ ($.eventName = "StopLogging") && ($.eventSource = "cloudtrail.amazonaws.com") }');
    // CloudWatch Logs takes at most two regular expressions in a pattern
    expect(patternOf("  a:\n    userAgent|contains|all: ['a', 'b', 'c']\n  condition: a")).toBeUndefined();
    // no unary NOT in filter patterns; requestParameters may hold lists or numbers
    expect(
      patternOf('  a:\n    eventName: X\n  b:\n    userAgent: y\n  condition: a and not b'),
    ).toBeUndefined();
    expect(patternOf('  a:\n    requestParameters.name: X\n  condition: a')).toBeUndefined();
    expect(patternOf("  a:\n    userAgent: 'caf\u00e9'\n  condition: a")).toBeUndefined();
  });
});

describe('the literal a regular expression requires (a prefilter, never a change of result)', () => {
  it('finds it only where it is certain', async () => {
    const { requiredLiteral } = await import('./sigma-field');
    expect(requiredLiteral('.+:assumed-role/aws:.+')).toBe(':assumed-role/aws:');
    expect(requiredLiteral('^abcd?e')).toBe('abc');
    expect(requiredLiteral('ab{2}cdef')).toBe('cdef');
    expect(requiredLiteral('abc|xyz')).toBeUndefined();
    expect(requiredLiteral('a(bcd)e')).toBeUndefined();
    expect(requiredLiteral('\\.abc')).toBeUndefined();
    expect(requiredLiteral('ab.c')).toBeUndefined();
  });
});
