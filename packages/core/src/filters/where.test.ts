import { describe, expect, it } from 'vitest';
import { allRealEvents, stratus } from '../../test/rules/fixtures';
import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { allOf, anyOf, not, toPredicate } from './combinators';
import { where } from './where';

const events = allRealEvents();
const count = (f: { test(e: TrailEvent): boolean }) => events.filter((e) => f.test(e)).length;

describe('where()', () => {
  it('matches exact values, arrays (any of) and wildcards on real records', () => {
    const want = events.filter(
      (e) => e.eventSource === 'iam.amazonaws.com' && e.eventName?.startsWith('Create'),
    ).length;
    expect(want).toBeGreaterThan(5);
    expect(count(where({ eventSource: 'iam.amazonaws.com', eventName: 'Create*' }))).toBe(want);
    const either = events.filter(
      (e) => e.eventName === 'StopLogging' || e.eventName === 'DeleteTrail',
    ).length;
    expect(either).toBeGreaterThan(1);
    expect(count(where({ eventName: ['StopLogging', 'DeleteTrail'] }))).toBe(either);
    const contains = events.filter((e) => e.eventName?.includes('Secret')).length;
    expect(count(where({ eventName: '*Secret*' }))).toBe(contains);
  });

  it('negation with { not } passes missing fields', () => {
    const noError = events.filter((e) => e.errorCode === undefined).length;
    expect(count(where({ errorCode: { not: '*' } }))).toBe(noError);
    const notThrottled = events.filter((e) => e.errorCode !== 'ThrottlingException').length;
    expect(count(where({ errorCode: { not: ['ThrottlingException'] } }))).toBe(notThrottled);
  });

  it('RegExp values', () => {
    const want = events.filter((e) => /^Describe(Vpcs|Subnets)$/.test(e.eventName ?? '')).length;
    expect(want).toBeGreaterThan(0);
    expect(count(where({ eventName: /^Describe(Vpcs|Subnets)$/ }))).toBe(want);
  });

  it('identity, account, region, principal, IP, booleans', () => {
    const [stop] = stratus('aws.defense-evasion.cloudtrail-stop');
    const f = where({
      userIdentityType: 'IAMUser',
      principal: '*:user/christophe',
      userName: 'christophe',
      accountId: stop!.recipientAccountId!,
      region: stop!.awsRegion!,
      sourceIPAddress: stop!.sourceIPAddress!,
      readOnly: false,
      hasError: false,
    });
    expect(f.test(stop!)).toBe(true);
    expect(where({ readOnly: true }).test(stop!)).toBe(false);
    expect(where({ hasError: true }).test(stop!)).toBe(false);
    expect(where({ region: { not: stop!.awsRegion! } }).test(stop!)).toBe(false);
  });

  it('assumed roles match userName through the session issuer', () => {
    const e = events.find(
      (x) => x.userIdentity?.type === 'AssumedRole' && x.userIdentity.sessionContext?.sessionIssuer?.userName,
    );
    expect(e).toBeDefined();
    const name = e!.userIdentity!.sessionContext!.sessionIssuer!.userName!;
    expect(where({ userName: name }).test(e!)).toBe(true);
  });

  it('since (inclusive) and until (exclusive) on eventTime, with Date, number and text bounds', () => {
    const times = events.map((e) => e.eventTime!).sort();
    const mid = times[Math.floor(times.length / 2)]!;
    const want = times.filter((t) => t >= mid).length;
    expect(count(where({ since: mid }))).toBe(want);
    expect(count(where({ since: new Date(mid) }))).toBe(want);
    expect(count(where({ until: Date.parse(mid) }))).toBe(times.length - want);
    // A bound with milliseconds takes the parsing path.
    const ms = Date.parse(mid) + 500;
    expect(count(where({ since: ms }))).toBe(times.filter((t) => Date.parse(t) >= ms).length);
    expect(where({ since: '2020-01-01' }).test({ eventTime: '2021-01-01T00:00:00.123Z' })).toBe(true);
    expect(where({ since: '2020-01-01' }).test({})).toBe(false);
  });

  it('fields by dotted path, numbers and booleans as text', () => {
    const want = events.filter(
      (e) => (e.requestParameters as Record<string, unknown> | null)?.attribute === 'userData',
    ).length;
    expect(want).toBeGreaterThan(0);
    expect(count(where({ fields: { 'requestParameters.attribute': 'userData' } }))).toBe(want);
    expect(
      where({ fields: { 'requestParameters.fromPort': '22' } }).test(
        stratus('aws.exfiltration.ec2-security-group-open-port-22-ingress')[0]!,
      ),
    ).toBe(true);
    expect(where({ fields: { 'a.constructor': 'x' } }).test({ a: {} })).toBe(false);
  });

  it('rejects unknown criteria and wrong types with ConfigError', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ eventname: 'x' }, /unknown criterion "eventname"/],
      [{ readOnly: 'yes' }, /readOnly: expected true or false/],
      [{ eventName: [] }, /empty list/],
      [{ eventName: 5 }, /eventName: expected a string/],
      [{ since: 'not a date' }, /since: not a valid time/],
      [{ fields: { 'a..b': 'x' } }, /not a dotted path/],
      [null, /criteria must be an object/],
    ];
    for (const [criteria, message] of bad) {
      let error: unknown;
      try {
        where(criteria as never);
      } catch (e) {
        error = e;
      }
      expect(ConfigError.isInstance(error), String(message)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('an empty criteria object passes everything', () => {
    expect(count(where({}))).toBe(events.length);
  });
});

describe('combinators', () => {
  it('allOf, anyOf, not, toPredicate', () => {
    const iam = where({ eventSource: 'iam.amazonaws.com' });
    const failed = (e: TrailEvent) => e.errorCode !== undefined;
    const both = events.filter(
      (e) => e.eventSource === 'iam.amazonaws.com' && e.errorCode !== undefined,
    ).length;
    const either = events.filter(
      (e) => e.eventSource === 'iam.amazonaws.com' || e.errorCode !== undefined,
    ).length;
    expect(count(allOf(iam, failed))).toBe(both);
    expect(count(anyOf(iam, failed))).toBe(either);
    expect(count(not(iam))).toBe(events.length - count(iam));
    expect(() => toPredicate(42 as never)).toThrow(TypeError);
  });
});
