import { describe, expect, it } from 'vitest';
import { compileFilters } from './filters';
import { lookupAttributeFor } from './lookup-attribute';

const attribute = (filters: Parameters<typeof compileFilters>[0]) =>
  lookupAttributeFor(compileFilters(filters, 'test'));

describe('lookupAttributeFor', () => {
  it('pushes the most selective single exact value', () => {
    expect(attribute({ where: { eventName: 'StopLogging', accessKeyId: 'AKIAX' } })).toEqual({
      key: 'AccessKeyId',
      value: 'AKIAX',
    });
    expect(attribute({ pattern: '{ $.eventName = "StopLogging" }', where: { readOnly: false } })).toEqual({
      key: 'EventName',
      value: 'StopLogging',
    });
    expect(attribute({ where: { eventSource: 'iam.amazonaws.com', readOnly: true } })).toEqual({
      key: 'EventSource',
      value: 'iam.amazonaws.com',
    });
    expect(attribute({ where: { readOnly: true } })).toEqual({ key: 'ReadOnly', value: 'true' });
  });

  it('pushes nothing that is not required exactly (wildcards, several values, not, OR across fields)', () => {
    expect(attribute({ where: { eventName: 'Delete*' } })).toBeUndefined();
    expect(attribute({ where: { eventName: ['A', 'B'] } })).toBeUndefined();
    expect(attribute({ where: { eventName: { not: 'A' } } })).toBeUndefined();
    expect(attribute({ pattern: '{ ($.eventName = "A") || ($.eventSource = "s") }' })).toBeUndefined();
    expect(attribute({ where: { userName: 'alice' } })).toBeUndefined();
  });

  it('narrows pattern and where together (both must hold)', () => {
    expect(
      attribute({
        pattern: '{ ($.eventName = "A") || ($.eventName = "B") }',
        where: { eventName: ['B', 'C'] },
      }),
    ).toEqual({ key: 'EventName', value: 'B' });
  });
});

describe('compileFilters', () => {
  it('refuses a time that is not one with a ConfigError', () => {
    expect(() => compileFilters({ since: 'yesterday-ish' }, 'test')).toThrow(/CONFIG|filters.since/);
  });
});
