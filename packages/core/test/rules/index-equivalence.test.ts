/**
 * indexDetectors() must decide exactly like the naive loop (every detector on every event, in order): same
 * findings, same order, same ids, for every rule of the packs and the default detectors, over every real
 * fixture record (all files of counts.json) and variants made to hit each indexed rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../src/event/trail-event';
import { defaultDetectors } from '../../src/rules/default-detectors';
import { indexDetectors } from '../../src/rules/detector-index';
import { cisRules } from '../../src/rules/packs/cis';
import { CHECK_EVENT_NAMES } from '../../src/rules/packs/threat-checks';
import { threatRules } from '../../src/rules/packs/threats';
import { type DetectionInput, toDetectors } from '../../src/rules/to-detector';
import type { Finding } from '../../src/rules/types';
import { REAL_DIR, derive } from './fixtures';

/** Every record of every fixture file listed in counts.json (S3 files, arrays, lookup lines, CW payload). */
function everyRealRecord(): TrailEvent[] {
  const counts = JSON.parse(readFileSync(join(REAL_DIR, 'counts.json'), 'utf8')) as Record<string, number>;
  const out: TrailEvent[] = [];
  for (const [file, count] of Object.entries(counts)) {
    if (file.endsWith('.gz')) continue;
    const text = readFileSync(join(REAL_DIR, file), 'utf8');
    const records: TrailEvent[] = [];
    if (file.endsWith('.jsonl')) {
      for (const line of text.split('\n')) {
        if (line.trim()) records.push(JSON.parse(JSON.parse(line).CloudTrailEvent) as TrailEvent);
      }
    } else {
      const value = JSON.parse(text);
      if (Array.isArray(value)) records.push(...value);
      else if (Array.isArray(value.Records)) records.push(...value.Records);
      else for (const e of value.logEvents) records.push(JSON.parse(e.message) as TrailEvent);
    }
    expect(records.length, file).toBe(count);
    out.push(...records);
  }
  return out;
}

const packs = (): DetectionInput => [...cisRules(), ...threatRules(), ...defaultDetectors()];

function naive(input: DetectionInput, events: readonly TrailEvent[]): Finding[] {
  const detectors = toDetectors(input);
  const out: Finding[] = [];
  for (const e of events) for (const d of detectors) out.push(...(d.process(e) ?? []));
  for (const d of detectors) out.push(...(d.flush?.() ?? []));
  return out;
}

function indexed(input: DetectionInput, events: readonly TrailEvent[], maxCachedKeys?: number): Finding[] {
  const index = indexDetectors(input, maxCachedKeys === undefined ? {} : { maxCachedKeys });
  const out: Finding[] = [];
  for (const e of events) out.push(...(index.process(e) ?? []));
  out.push(...index.flush());
  return out;
}

/** The (eventSource, eventName) pairs the packs' rules are indexed on (plus names of source-only rules). */
function indexedPairs(): Array<[string, string]> {
  const pairs = new Map<string, [string, string]>();
  const detectors = toDetectors(packs());
  const allNames = detectors.flatMap((d) => d.eventNames ?? []);
  for (const d of detectors) {
    const sources = d.eventSources ?? ['iam.amazonaws.com', 'ec2.amazonaws.com', 's3.amazonaws.com'];
    const names = d.eventNames ?? [...allNames, 'AddPermission20150331v2', 'UpdateFunctionCode20150331v2'];
    for (const s of sources) for (const n of names) pairs.set(`${s} ${n}`, [s, n]);
  }
  return [...pairs.values()].sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

describe('indexDetectors over the rule packs', () => {
  const real = everyRealRecord();

  it('gives exactly the naive findings on every real record', () => {
    const want = naive(packs(), real);
    const got = indexed(packs(), real);
    expect(want.length).toBeGreaterThan(400); // the fixtures are detonations: many rules fire
    expect(new Set(want.map((f) => f.rule.id)).size).toBeGreaterThan(40);
    expect(got).toEqual(want);
    expect(got.map((f) => f.id)).toEqual(want.map((f) => f.id));
    for (let i = 0; i < got.length; i++) expect(got[i]!.events).toEqual(want[i]!.events);
  });

  it('gives exactly the naive findings on real records rewritten to every indexed source/name pair', () => {
    const pairs = indexedPairs();
    expect(pairs.length).toBeGreaterThan(100);
    const events: TrailEvent[] = [];
    let k = 0;
    for (const [source, name] of pairs) {
      // three different real records per pair (kept in time order by rewriting eventTime)
      for (let j = 0; j < 3; j++) {
        const base = real[(k * 7919 + j * 104_729) % real.length]!;
        events.push(
          derive(base, (e) => {
            e.eventSource = source;
            e.eventName = name;
            e.eventID = `pair-${k}-${j}`;
            e.eventTime = new Date(Date.UTC(2024, 0, 1) + k * 1000).toISOString().replace('.000Z', 'Z');
          }),
        );
      }
      k++;
    }
    const want = naive(packs(), events);
    const got = indexed(packs(), events);
    expect(new Set(want.map((f) => f.rule.id)).size).toBeGreaterThan(30);
    expect(got).toEqual(want);
    // and with a tiny candidate cache that keeps starting over
    expect(indexed(packs(), events, 3)).toEqual(want);
  });

  it('treats odd eventName/eventSource values like the naive loop', () => {
    const base = real.find((e) => e.errorCode === 'AccessDenied' && e.eventName) ?? real[0]!;
    const odd = (change: (e: Record<string, unknown>) => void, i: number) =>
      derive(base, (e) => {
        e.eventID = `odd-${i}`;
        change(e as Record<string, unknown>);
      });
    const events = [
      odd((e) => delete e.eventName, 0),
      odd((e) => delete e.eventSource, 1),
      odd((e) => {
        delete e.eventName;
        delete e.eventSource;
      }, 2),
      odd((e) => (e.eventName = 123), 3),
      odd((e) => (e.eventName = true), 4),
      odd((e) => (e.eventName = null), 5),
      odd((e) => (e.eventSource = ['iam.amazonaws.com']), 6),
      odd((e) => (e.eventName = 'constructor'), 7),
      odd((e) => (e.eventName = '__proto__'), 8),
      odd((e) => (e.eventName = ''), 9),
      odd((e) => (e.errorCode = null), 11),
      odd((e) => (e.errorCode = 403), 12),
      odd((e) => (e.errorCode = { code: 'AccessDenied' }), 13),
      odd((e) => (e.errorCode = 'Client.UnauthorizedOperation'), 14),
      odd((e) => delete e.errorCode, 15),
      odd((e) => {
        e.eventSource = 'signin.amazonaws.com';
        e.eventName = 'ConsoleLogin';
        e.userIdentity = { type: 'Root', accountId: '111122223333' };
      }, 10),
    ];
    const want = naive(packs(), events);
    expect(want.length).toBeGreaterThan(5);
    expect(indexed(packs(), events)).toEqual(want);
  });

  it('skips most rules on most events (the index is used)', () => {
    const index = indexDetectors(packs());
    const sizes = real.map((e) => index.candidates(e).length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(index.detectors.length).toBe(62);
    expect(mean).toBeLessThan(8);
    // rules without an eventName/eventSource condition run on every event (with an errorCode, or on all)
    expect(index.candidates({}).map((d) => d.id)).toEqual([
      'cis.4.3-root-account-usage',
      'threats.api-call-rate-anomaly',
    ]);
    expect(index.candidates({ errorCode: 'X' }).map((d) => d.id)).toEqual([
      'cis.4.1-unauthorized-api-calls',
      'cis.4.3-root-account-usage',
      'threats.access-denied-burst',
      'threats.api-call-rate-anomaly',
    ]);
  });

  it('declares eventNames hints that the threat checks honour on every real record', () => {
    expect(CHECK_EVENT_NAMES.size).toBe(6);
    for (const [check, names] of CHECK_EVENT_NAMES) {
      const rule = threatRules().find((r) => r.match === check);
      expect(rule?.eventNames).toEqual(names);
      for (const e of real) {
        if (!names.includes(e.eventName as string))
          expect(check(e), `${check.name} ${e.eventName}`).toBe(false);
      }
      // records that pass, renamed to something else, no longer pass
      const passing = real.filter((e) => check(e));
      for (const e of passing) expect(check({ ...e, eventName: `${e.eventName}X` })).toBe(false);
    }
  });
});
