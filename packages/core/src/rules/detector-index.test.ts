import { describe, expect, it } from 'vitest';
import { findReal } from '../../test/rules/fixtures';
import { ConfigError, RuleValidationError } from '../errors';
import type { TrailEvent } from '../event/trail-event';
import { pattern } from '../filters/pattern';
import { where } from '../filters/where';
import { indexDetectors } from './detector-index';
import { makeFinding } from './finding';
import { thresholdDetector } from './threshold-detector';
import { toDetectors } from './to-detector';
import type { Detector, Rule } from './types';

const stop = () => findReal((e) => e.eventName === 'StopLogging');
const meta = (id: string) => ({ id, title: id, severity: 'low' as const });

describe('indexDetectors', () => {
  it('keeps detector order for the findings of one event, whatever the index decides', () => {
    const rules: Rule[] = [
      { ...meta('a'), match: () => true },
      { ...meta('b'), match: '{ $.eventName = "StopLogging" }' },
      { ...meta('c'), match: where({ eventSource: 'cloudtrail.amazonaws.com' }) },
      { ...meta('d'), match: (e) => e.eventName === 'StopLogging', eventNames: ['StopLogging'] },
      { ...meta('e'), match: '{ $.eventName = "DeleteTrail" }' },
    ];
    const index = indexDetectors(rules);
    expect(index.process(stop())?.map((f) => f.rule.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(index.candidates(stop()).map((d) => d.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(index.candidates({ eventName: 'DeleteTrail' }).map((d) => d.id)).toEqual(['a', 'e']);
  });

  it('derives eventName/eventSource/errorCode conditions from pattern text, pattern() and where()', () => {
    const [p, q, w, x] = toDetectors([
      {
        ...meta('p'),
        match: '{ $.eventSource = "s3.amazonaws.com" && ($.eventName = A || $.eventName = B) }',
      },
      { ...meta('q'), match: pattern('{ $.eventName = "A*" || $.eventName = B }') },
      { ...meta('w'), match: where({ eventName: ['A', 'B'], eventSource: 'x.amazonaws.com' }) },
      { ...meta('x'), match: where({ eventName: { not: 'A' } }) },
    ]) as [Detector, Detector, Detector, Detector];
    expect(p.eventNames).toEqual(['A', 'B']);
    expect(p.eventSources).toEqual(['s3.amazonaws.com']);
    expect(q.eventNames).toBeUndefined();
    expect(w.eventNames).toEqual(['A', 'B']);
    expect(w.eventSources).toEqual(['x.amazonaws.com']);
    expect(x.eventNames).toBeUndefined();
  });

  it('narrows a pattern by a declared eventNames hint, and ignores hints of a filter whose test was replaced', () => {
    const [d] = toDetectors({
      ...meta('d'),
      match: '{ $.eventName = A || $.eventName = B }',
      eventNames: ['B', 'C'],
    });
    expect(d!.eventNames).toEqual(['B']);
    const f = pattern('{ $.eventName = "A" }');
    f.test = () => true;
    const [g] = toDetectors({ ...meta('g'), match: f });
    expect(g!.eventNames).toBeUndefined();
    expect(indexDetectors({ ...meta('g'), match: f }).process({ eventName: 'Z' })?.length).toBe(1);
  });

  it('does not call a function rule with an eventNames hint on other events', () => {
    const seen: string[] = [];
    const rule: Rule = {
      ...meta('fn'),
      eventNames: ['StopLogging'],
      match: (e) => {
        seen.push(String(e.eventName));
        return true;
      },
    };
    const index = indexDetectors(rule);
    index.process({ eventName: 'DeleteTrail' });
    index.process({});
    expect(index.process(stop())?.length).toBe(1);
    expect(seen).toEqual(['StopLogging']);
    // a non-string eventName goes to every detector (the naive loop's decision)
    index.process({ eventName: 7 as unknown as string });
    expect(seen).toEqual(['StopLogging', '7']);
  });

  it('rejects bad hints', () => {
    expect(() =>
      toDetectors({ ...meta('x'), match: () => true, eventNames: 'A' as unknown as string[] }),
    ).toThrow(RuleValidationError);
    expect(() => toDetectors({ ...meta('x'), match: () => true, eventNames: [''] })).toThrow(/eventNames/);
    const bad: Detector = { id: 'bad', process: () => undefined, eventSources: [1 as unknown as string] };
    expect(() => indexDetectors(bad)).toThrow(ConfigError);
    expect(() => indexDetectors([], { maxCachedKeys: 0 })).toThrow(ConfigError);
  });

  it('honours hints of hand-written detectors and runs detectors without hints on every event', () => {
    const calls: string[] = [];
    const d = (id: string, hints: Partial<Detector>): Detector => ({
      id,
      ...hints,
      process: (e: TrailEvent) => {
        calls.push(`${id}:${e.eventName}`);
        return [makeFinding(meta(id), [e])];
      },
    });
    const index = indexDetectors([
      d('all', {}),
      d('names', { eventNames: ['A'] }),
      d('sources', { eventSources: ['s'] }),
      d('both', { eventNames: ['A'], eventSources: ['s'] }),
      d('errors', { errorsOnly: true }),
    ]);
    index.process({ eventName: 'A' });
    index.process({ eventName: 'A', eventSource: 's' });
    index.process({ eventName: 'B', eventSource: 's', errorCode: 'AccessDenied' });
    index.process({ eventName: 'C', errorCode: null as unknown as string });
    expect(calls).toEqual([
      'all:A',
      'names:A',
      'all:A',
      'names:A',
      'sources:A',
      'both:A',
      'all:B',
      'sources:B',
      'errors:B',
      'all:C',
      'errors:C',
    ]);
  });

  it('flushes stateful detectors in order and passes their findings on', () => {
    const burst = thresholdDetector({
      ...meta('t'),
      match: '{ $.eventName = "StopLogging" }',
      threshold: 2,
      windowSeconds: 60,
    });
    expect(burst.eventNames).toEqual(['StopLogging']);
    const index = indexDetectors([
      burst,
      { id: 'f', process: () => undefined, flush: () => [makeFinding(meta('f'), [])] },
    ]);
    const e = stop();
    expect(index.process(e)).toBeUndefined();
    expect(index.process({ ...e, eventID: 'other' })?.map((f) => f.rule.id)).toEqual(['t']);
    expect(index.flush().map((f) => f.rule.id)).toEqual(['f']);
  });

  it('does not change the arrays detectors return', () => {
    const one = [makeFinding(meta('a'), [{}])];
    const two = [makeFinding(meta('b'), [{}])];
    const index = indexDetectors([
      { id: 'a', process: () => one },
      { id: 'b', process: () => two },
    ]);
    expect(index.process({})?.map((f) => f.rule.id)).toEqual(['a', 'b']);
    expect(one).toHaveLength(1);
    expect(two).toHaveLength(1);
  });
});
