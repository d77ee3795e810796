import { describe, expect, it } from 'vitest';
import { UsageError } from './errors';
import {
  collectList,
  parseFormat,
  parseOnInvalid,
  parsePositiveInt,
  parseSeverity,
  parseTime,
} from './options';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('parseTime', () => {
  it.each([
    ['7d', '2026-11-18T12:00:00.000Z'],
    ['24h', '2026-11-24T12:00:00.000Z'],
    ['30m', '2026-11-25T11:30:00.000Z'],
    ['2w', '2026-11-11T12:00:00.000Z'],
    ['90s', '2026-11-25T11:58:30.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2023-07-10T11:45:00Z', '2023-07-10T11:45:00.000Z'],
    ['2023-07-10T13:45:00+02:00', '2023-07-10T11:45:00.000Z'],
    ['2023-07-10T11:45:00', '2023-07-10T11:45:00.000Z'],
    ['2023-07-10 11:45', '2023-07-10T11:45:00.000Z'],
  ])('%s', (input, expected) => {
    expect(parseTime('--since', input, NOW).toISOString()).toBe(expected);
  });

  it.each(['yesterday', '7', '7y', '2026-13-45', '2026-11-01T25:00:00Z', ''])('rejects %j', (input) => {
    const error = (() => {
      try {
        parseTime('--since', input, NOW);
      } catch (e) {
        return e;
      }
    })();
    expect(UsageError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('--since');
  });
});

describe('option values', () => {
  it('collects repeated and comma separated lists', () => {
    expect(collectList('us-east-1, eu-west-1', undefined)).toEqual(['us-east-1', 'eu-west-1']);
    expect(collectList('eu-west-1,ap-south-1,', ['us-east-1', 'eu-west-1'])).toEqual([
      'us-east-1',
      'eu-west-1',
      'ap-south-1',
    ]);
  });

  it('parses severities, formats, policies and counts', () => {
    expect(parseSeverity('HIGH')).toBe('high');
    expect(() => parseSeverity('urgent')).toThrow(/not a severity/);
    expect(parseFormat('ndjson')).toBe('ndjson');
    expect(parseFormat('csv')).toBe('csv');
    expect(() => parseFormat('xml')).toThrow(/table, ndjson, json, csv/);
    expect(parseOnInvalid('fail')).toBe('fail');
    expect(() => parseOnInvalid('ignore')).toThrow(/skip or fail/);
    expect(parsePositiveInt('--concurrency', '8')).toBe(8);
    for (const bad of ['0', '-1', '1.5', 'x'])
      expect(() => parsePositiveInt('--concurrency', bad)).toThrow(/--concurrency/);
  });
});
