import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stratus } from '../../test/rules/fixtures';
import { tempDir } from '../../test/temp-dir';
import { RuleValidationError } from '../errors';
import { parseRules } from './rule-file';
import { loadRules, rulePack } from './rule-pack';
import { toDetectors } from './to-detector';
import type { Detector, Rule } from './types';

const YAML = `
rules:
  - id: my.stop-logging
    title: Trail stopped
    severity: high
    tags: [custom]
    pattern: '{ $.eventName = "StopLogging" }'
  - id: my.iam-writes
    title: IAM writes
    severity: low
    where:
      eventSource: iam.amazonaws.com
      readOnly: false
      errorCode: { not: "*" }
  - id: my.denied-burst
    title: Denied burst
    severity: medium
    pattern: '{ $.errorCode = "*UnauthorizedOperation" }'
    threshold: { count: 2, window: 5m, groupBy: principal }
`;

function errorOf(fn: () => unknown): RuleValidationError {
  try {
    fn();
  } catch (e) {
    if (RuleValidationError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('parseRules', () => {
  it('parses pattern, where and threshold rules from YAML and they detect on real records', () => {
    const rules = parseRules(YAML, { file: 'my-rules.yaml' });
    expect(rules.map((r) => r.id)).toEqual(['my.stop-logging', 'my.iam-writes', 'my.denied-burst']);
    const [stop, iam, burst] = toDetectors(rules) as [Detector, Detector, Detector];
    expect(stop.process(stratus('aws.defense-evasion.cloudtrail-stop')[0]!)).toHaveLength(1);
    expect(stop.process(stratus('aws.defense-evasion.cloudtrail-delete')[0]!)).toBeUndefined();
    const admin = stratus('aws.persistence.iam-create-admin-user');
    expect(admin.filter((e) => iam.process(e)).length).toBe(
      admin.filter((e) => e.eventSource === 'iam.amazonaws.com' && e.readOnly === false && !e.errorCode)
        .length,
    );
    expect((rules[0] as Rule).match).toHaveProperty('text', '{ $.eventName = "StopLogging" }');
    expect('process' in burst).toBe(true);
  });

  it('accepts JSON and a bare array', () => {
    const rules = parseRules(JSON.stringify([{ id: 'a', title: 'A', severity: 'info', pattern: '' }]), {
      file: 'x.json',
    });
    expect(rules).toHaveLength(1);
  });

  const bad: Array<[string, RegExp]> = [
    [
      'rules:\n  - id: a\n    title: A\n    severity: urgent\n    pattern: "{ $.a = 1 }"',
      /rules\.yaml: rule #1 \(a\): field "severity": must be one of info, low, medium, high, critical/,
    ],
    [
      'rules:\n  - id: a\n    title: A\n    severity: low',
      /rule #1 \(a\): field "pattern"\/"where": give exactly one/,
    ],
    [
      'rules:\n  - id: a\n    title: A\n    severity: low\n    pattern: "{ $.a = }"',
      /rule #1 \(a\): field "pattern": filter pattern: expected a value at column 9/,
    ],
    [
      'rules:\n  - id: a\n    title: A\n    severity: low\n    pattern: x\n    colour: red',
      /field "colour": unknown field/,
    ],
    ['rules:\n  - title: A\n    severity: low\n    pattern: ""', /rule #1: field "id": required/],
    [
      'rules:\n  - id: a\n    title: A\n    severity: low\n    where: { eventName: 5 }',
      /field "where.eventName": must be a string, an array of strings/,
    ],
    [
      'rules:\n  - id: a\n    title: A\n    severity: low\n    where: { eventname: x }',
      /field "where.eventname": unknown field/,
    ],
    [
      'rules:\n  - id: a\n    title: A\n    severity: low\n    pattern: ""\n    threshold: { count: 2, window: soon }',
      /field "threshold.window": must be seconds/,
    ],
    [
      'rules:\n  - id: a\n    title: A\n    severity: low\n    pattern: ""\n  - id: a\n    title: B\n    severity: low\n    pattern: ""',
      /rule #2 \(a\): field "id": duplicate/,
    ],
    ['rules: [', /not valid YAML/],
    ['hello: 1', /expected a list of rules/],
  ];
  for (const [text, message] of bad) {
    it(`rejects: ${message.source.slice(0, 60)}`, () => {
      const err = errorOf(() => parseRules(text, { file: 'rules.yaml' }));
      expect(err.code).toBe('RULE_INVALID');
      expect(err.message).toMatch(message);
      expect(err.message.startsWith('rules.yaml')).toBe(true);
    });
  }
});

describe('rulePack / loadRules', () => {
  it('names packs and files, comma-separated', async () => {
    const dir = await tempDir('trailkit-rules-');
    writeFileSync(join(dir, 'my-rules.yaml'), YAML);
    const rules = await loadRules('cis, threats,./my-rules.yaml', { cwd: dir });
    const ids = rules.map((r) => r.id);
    expect(ids.filter((i) => i.startsWith('cis.'))).toHaveLength(15);
    expect(ids).toContain('threats.cloudtrail-stopped');
    expect(ids).toContain('threats.api-call-rate-anomaly');
    expect(ids).toContain('my.denied-burst');
    expect((await loadRules('all')).length).toBe(rulePack('cis').length + rulePack('threats').length);
    expect((await loadRules('cis,all')).length).toBe(rulePack('all').length);
  });

  it('reports unknown packs, missing files and duplicate ids', async () => {
    await expect(loadRules('cis,nope')).rejects.toThrow(/unknown rule pack "nope"/);
    await expect(loadRules('./missing.yaml')).rejects.toThrow(/missing\.yaml: cannot read rules file/);
    const dir = await tempDir('trailkit-rules-');
    writeFileSync(
      join(dir, 'dup.json'),
      JSON.stringify([{ id: 'cis.4.1-unauthorized-api-calls', title: 'x', severity: 'low', pattern: '' }]),
    );
    await expect(loadRules('cis,dup.json', { cwd: dir })).rejects.toThrow(/appears twice/);
    await expect(loadRules(' , ')).rejects.toThrow(/empty/);
  });
});
