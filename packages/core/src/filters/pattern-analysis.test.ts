import { describe, expect, it } from 'vitest';
import { allRealEvents } from '../../test/rules/fixtures';
import { cisRules } from '../rules/packs/cis';
import { threatRules } from '../rules/packs/threats';
import { filterHints } from './filter-hints';
import { pattern } from './pattern';
import { requiredValues, requiresPresence } from './pattern-analysis';
import { parsePattern } from './pattern-parser';
import { where } from './where';

const names = (text: string) => {
  const s = requiredValues(parsePattern(text), ['eventName']);
  return s === undefined ? undefined : [...s].sort();
};

describe('requiredValues', () => {
  it('finds the exact values an AND/OR tree requires of a property', () => {
    expect(names('{ $.eventName = "A" }')).toEqual(['A']);
    expect(names('{ $.eventName = A || $.eventName = B }')).toEqual(['A', 'B']);
    expect(names('{ $.eventSource = s && ($.eventName = A || $.eventName = B) }')).toEqual(['A', 'B']);
    expect(names('{ ($.eventName = A || $.eventName = B) && ($.eventName = B || $.eventName = C) }')).toEqual(
      ['B'],
    );
    expect(names('{ $.eventName = A && $.eventName = B }')).toEqual([]);
    expect(names('{ ($.eventName = A && $.x = 1) || ($.eventName = B && $.y = 2) }')).toEqual(['A', 'B']);
  });

  it('gives no condition when the property is not pinned to exact strings', () => {
    expect(names('')).toBeUndefined();
    expect(names('{ $.eventName = "A*" }')).toBeUndefined();
    expect(names('{ $.eventName = "*A" }')).toBeUndefined();
    expect(names('{ $.eventName = * }')).toBeUndefined();
    expect(names('{ $.eventName != "A" }')).toBeUndefined();
    expect(names('{ $.eventName = 12 }')).toBeUndefined();
    expect(names('{ $.eventName = %A% }')).toBeUndefined();
    expect(names('{ $.eventName = A || $.x = 1 }')).toBeUndefined();
    expect(names('{ $.eventName.x = A }')).toBeUndefined();
    expect(names('{ $.eventSource = A }')).toBeUndefined();
  });

  it('is a necessary condition of every pack pattern on every real record', () => {
    const events = allRealEvents();
    const patterns = [...cisRules(), ...threatRules()].flatMap((r) =>
      typeof r.match === 'string' ? [r.match] : [],
    );
    expect(patterns.length).toBeGreaterThan(45);
    let constrained = 0;
    for (const text of patterns) {
      const p = pattern(text);
      const hints = filterHints(p);
      if (hints?.eventNames) constrained++;
      for (const e of events) {
        if (!p.test(e)) continue;
        if (hints?.eventNames) expect(hints.eventNames.has(e.eventName as string), text).toBe(true);
        if (hints?.eventSources) expect(hints.eventSources.has(e.eventSource as string), text).toBe(true);
      }
    }
    expect(constrained).toBeGreaterThan(40);
  });
});

describe('requiresPresence', () => {
  const needs = (text: string) => requiresPresence(parsePattern(text), ['errorCode']);
  it('is true when every branch tests the property in a way a missing one fails', () => {
    expect(needs('{ $.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*" }')).toBe(true);
    expect(needs('{ $.errorCode != "x" }')).toBe(true);
    expect(needs('{ $.errorCode = * && $.eventName = A }')).toBe(true);
    expect(needs('{ $.errorCode > 1 }')).toBe(true);
    expect(needs('{ $.errorCode IS NULL }')).toBe(true);
    expect(needs('{ ($.errorCode = A && $.x = 1) || $.errorCode IS TRUE }')).toBe(true);
  });
  it('is false otherwise', () => {
    expect(needs('')).toBe(false);
    expect(needs('{ $.errorCode NOT EXISTS }')).toBe(false);
    expect(needs('{ $.errorCode = A || $.x = 1 }')).toBe(false);
    expect(needs('{ $.errorCode.x = A }')).toBe(false);
    expect(needs('{ $.errorMessage = A }')).toBe(false);
  });
  it('is a necessary condition: a pattern that needs errorCode never matches an event without one', () => {
    const events = allRealEvents();
    const withoutError = events.filter((e) => e.errorCode === undefined);
    expect(withoutError.length).toBeGreaterThan(1000);
    for (const text of [
      '{ $.errorCode = * }',
      '{ $.errorCode != "AccessDenied" }',
      '{ $.errorCode IS NULL }',
    ]) {
      expect(needs(text)).toBe(true);
      const p = pattern(text);
      for (const e of withoutError) expect(p.test(e)).toBe(false);
      expect(events.some((e) => p.test(e)) || text.includes('NULL')).toBe(true);
    }
  });
});

describe('filterHints', () => {
  it('is carried by pattern() and where() but not by copies or functions', () => {
    expect(filterHints(pattern('{ $.eventName = A }'))?.eventNames).toEqual(new Set(['A']));
    expect(filterHints(where({ eventName: 'A', eventSource: ['s', 't'] }))).toEqual({
      eventNames: new Set(['A']),
      eventSources: new Set(['s', 't']),
    });
    expect(filterHints(where({ eventName: 'A*' }))).toEqual({});
    expect(filterHints(where({ errorCode: 'Access*' }))).toEqual({ errorsOnly: true });
    expect(filterHints(where({ hasError: true }))).toEqual({ errorsOnly: true });
    expect(filterHints(where({ hasError: false }))).toEqual({});
    expect(filterHints(where({ errorCode: { not: 'X' } }))).toEqual({});
    expect(filterHints(pattern('{ $.errorCode = "AccessDenied*" }'))).toEqual({ errorsOnly: true });
    expect(filterHints(where({ eventName: /A/ }))).toEqual({});
    expect(filterHints({ ...pattern('{ $.eventName = A }') })).toBeUndefined();
    expect(filterHints(() => true)).toBeUndefined();
  });
});
