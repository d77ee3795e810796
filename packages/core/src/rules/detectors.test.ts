import { describe, expect, it } from 'vitest';
import { allRealEvents, derive, findReal } from '../../test/rules/fixtures';
import { ConfigError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { anomalyDetector } from './anomaly-detector';
import { consoleLoginBurstDetector } from './console-login-burst-detector';
import { defaultDetectors } from './default-detectors';
import { thresholdDetector } from './threshold-detector';
import type { Detector, Finding } from './types';

const at = (base: TrailEvent, iso: string, id: string, change?: (e: TrailEvent) => void) =>
  derive(base, (e) => {
    e.eventTime = iso;
    e.eventID = id;
    change?.(e);
  });
const t = (sec: number) =>
  new Date(Date.UTC(2024, 0, 1, 0, 0, 0) + sec * 1000).toISOString().replace('.000Z', 'Z');
const run = (d: Detector, events: TrailEvent[]): Finding[] => [
  ...events.flatMap((e) => d.process(e) ?? []),
  ...(d.flush?.() ?? []),
];

const denied = () =>
  findReal((e) => e.errorCode === 'Client.UnauthorizedOperation' && e.eventName === 'GetPasswordData');

describe('thresholdDetector', () => {
  const make = (maxKeys = 100) =>
    thresholdDetector({
      id: 't.denied',
      title: 'denied',
      severity: 'medium',
      match: '{ $.errorCode = "*UnauthorizedOperation" }',
      threshold: 3,
      windowSeconds: 60,
      maxKeys,
    });

  it('fires at N events of one principal within the window, out of order, then starts over', () => {
    const b = denied();
    const events = [at(b, t(30), 'a'), at(b, t(0), 'b'), at(b, t(50), 'c'), at(b, t(70), 'd')];
    const findings = run(make(), events);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.events.map((e) => e.eventID)).toEqual(['b', 'a', 'c']);
    expect(findings[0]!.summary).toMatch(/^3 × denied by .* within 50s/);
  });

  it('does not fire when events are spread beyond the window or not matching', () => {
    const b = denied();
    expect(run(make(), [at(b, t(0), 'a'), at(b, t(61), 'b'), at(b, t(122), 'c')])).toHaveLength(0);
    const ok = findReal((e) => !e.errorCode);
    expect(
      run(
        make(),
        [0, 1, 2, 3].map((i) => at(ok, t(i), `o${i}`)),
      ),
    ).toHaveLength(0);
  });

  it('keeps keys apart and evicts the oldest key beyond maxKeys', () => {
    const b = denied();
    const as = (user: string, sec: number, id: string) =>
      at(b, t(sec), id, (e) => {
        e.userIdentity = { ...e.userIdentity, arn: `arn:aws:iam::1:user/${user}` };
      });
    // alice 2, bob 2 -> no finding; with maxKeys 1, alice is evicted by bob, so her third event does not fire
    expect(
      run(make(1), [
        as('alice', 0, '1'),
        as('alice', 1, '2'),
        as('bob', 2, '3'),
        as('bob', 3, '4'),
        as('alice', 4, '5'),
      ]),
    ).toHaveLength(0);
    expect(
      run(make(2), [
        as('alice', 0, '1'),
        as('alice', 1, '2'),
        as('bob', 2, '3'),
        as('bob', 3, '4'),
        as('alice', 4, '5'),
      ]),
    ).toHaveLength(1);
  });

  it('fires on the real invictus records (bursts of UnauthorizedOperation)', () => {
    const d = defaultDetectors({ anomaly: false })[0]!;
    const findings = run(d, allRealEvents());
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.rule.id).toBe('threats.access-denied-burst');
      expect(f.events.length).toBe(10);
      expect(new Set(f.events.map((e) => e.userIdentity?.arn)).size).toBe(1);
    }
  });

  it('validates options', () => {
    expect(() =>
      thresholdDetector({
        id: 'x',
        title: 'x',
        severity: 'low',
        match: () => true,
        threshold: 0,
        windowSeconds: 1,
      }),
    ).toThrow(/threshold/);
    expect(() =>
      thresholdDetector({
        id: 'x',
        title: 'x',
        severity: 'bad' as never,
        match: () => true,
        threshold: 1,
        windowSeconds: 1,
      }),
    ).toThrow(ConfigError);
    expect(() =>
      thresholdDetector({
        id: 'x',
        title: 'x',
        severity: 'low',
        match: '{ $.a = }',
        threshold: 1,
        windowSeconds: 1,
      }),
    ).toThrow(/column/);
  });
});

describe('consoleLoginBurstDetector', () => {
  const success = () =>
    findReal(
      (e) =>
        e.eventName === 'ConsoleLogin' &&
        (e.responseElements as { ConsoleLogin?: string })?.ConsoleLogin === 'Success',
    );
  const failure = (sec: number, id: string) =>
    at(success(), t(sec), id, (e) => {
      e.responseElements = { ConsoleLogin: 'Failure' };
      e.errorMessage = 'Failed authentication';
    });

  it('fires on N failures then a success for the same user (derived from a real sign-in)', () => {
    const findings = run(consoleLoginBurstDetector({ failures: 3, windowSeconds: 600 }), [
      failure(0, 'f1'),
      failure(20, 'f2'),
      failure(40, 'f3'),
      at(success(), t(60), 's'),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.events.map((e) => e.eventID)).toEqual(['f1', 'f2', 'f3', 's']);
    expect(findings[0]!.summary).toMatch(/after 3 failed attempts within 60s/);
  });

  it('does not fire on too few failures, failures outside the window, or failures without success', () => {
    const d = () => consoleLoginBurstDetector({ failures: 3, windowSeconds: 100 });
    expect(run(d(), [failure(0, 'a'), failure(1, 'b'), at(success(), t(2), 's')])).toHaveLength(0);
    expect(
      run(d(), [failure(0, 'a'), failure(1, 'b'), failure(2, 'c'), at(success(), t(500), 's')]),
    ).toHaveLength(0);
    expect(run(d(), [failure(0, 'a'), failure(1, 'b'), failure(2, 'c')])).toHaveLength(0);
  });
});

describe('anomalyDetector', () => {
  const base = () => findReal((e) => e.eventName === 'DescribeInstances' && !e.errorCode);
  /** `perMinute[i]` calls in minute i. */
  const series = (perMinute: number[]) =>
    perMinute.flatMap((n, minute) =>
      Array.from({ length: n }, (_, j) => at(base(), t(minute * 60 + j), `m${minute}-${j}`)),
    );

  it('fires when a minute leaves the baseline after warm-up', () => {
    const counts = [...Array.from({ length: 40 }, (_, i) => 2 + (i % 3)), 50, 3, 3];
    const findings = run(anomalyDetector({ warmupBuckets: 30 }), series(counts));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.summary).toMatch(/^ec2\.amazonaws\.com:DescribeInstances: 50 calls in 60s/);
    expect(findings[0]!.events.length).toBe(5);
  });

  it('fires on an error-rate spike at a normal call rate', () => {
    const normal = series(Array.from({ length: 40 }, (_, i) => 18 + (i % 5)));
    const spike = Array.from({ length: 20 }, (_, j) =>
      at(base(), t(40 * 60 + j), `err-${j}`, (e) => {
        e.errorCode = 'AccessDenied';
      }),
    );
    const findings = run(anomalyDetector({ warmupBuckets: 30 }), [...normal, ...spike]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.summary).toMatch(/: 20 errors in 60s/);
  });

  it('stays quiet on a steady rate, during warm-up, and tolerates out-of-order records', () => {
    const steady = series(Array.from({ length: 60 }, (_, i) => 3 + (i % 2)));
    // shuffle within 2-minute neighbourhoods
    const shuffled = [...steady].sort(
      (a, b) =>
        Math.floor(Date.parse(a.eventTime!) / 120000) - Math.floor(Date.parse(b.eventTime!) / 120000) ||
        (a.eventID! < b.eventID! ? 1 : -1),
    );
    expect(run(anomalyDetector(), shuffled)).toHaveLength(0);
    expect(
      run(anomalyDetector({ warmupBuckets: 30 }), series([...Array.from({ length: 10 }, () => 2), 50])),
    ).toHaveLength(0);
  });

  it('bounds keys and validates options', () => {
    expect(() => anomalyDetector({ alpha: 2 })).toThrow(ConfigError);
    expect(() => anomalyDetector({ maxKeys: 0 })).toThrow(/maxKeys/);
    const d = anomalyDetector({ maxKeys: 2 });
    const many = Array.from({ length: 10 }, (_, i) =>
      at(base(), t(i), `k${i}`, (e) => {
        e.eventName = `Api${i}`;
      }),
    );
    expect(run(d, many)).toHaveLength(0);
  });

  it('runs over all real records without error', () => {
    const findings = run(anomalyDetector(), allRealEvents());
    for (const f of findings) expect(f.rule.id).toBe('threats.api-call-rate-anomaly');
  });
});
