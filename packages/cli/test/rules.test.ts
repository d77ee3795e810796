import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, parseLines, ROOT, run, SAMPLES } from './helpers';

const SIGMA = join(ROOT, 'packages/core/test/fixtures/sigma/rules');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailkit-rules-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SIGMA_STOP_LOGGING = `title: Trail stopped
id: 5c1e2a3b-1111-4222-8333-444455556666
author: tests
tags:
  - attack.defense-evasion
  - attack.t1562.008
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: cloudtrail.amazonaws.com
    eventName: StopLogging
  condition: selection
level: high
tests:
  - name: the real StopLogging shape
    expect: match
    event: { eventSource: cloudtrail.amazonaws.com, eventName: StopLogging, eventTime: '2023-07-10T12:00:00Z' }
  - name: starting a trail is fine
    expect: no-match
    event: { eventSource: cloudtrail.amazonaws.com, eventName: StartLogging, eventTime: '2023-07-10T12:00:00Z' }
`;

describe('trailkit rules list', () => {
  it('lists built-in rules with ATT&CK, the pack and what each needs (json)', async () => {
    const { code, stdout } = await run(['rules', 'list', '--format', 'json']);
    expect(code).toBe(0);
    const { rules } = JSON.parse(stdout) as { rules: Array<Record<string, unknown>> };
    expect(rules.length).toBeGreaterThanOrEqual(58);
    // ATT&CK on every built-in rule
    for (const r of rules) {
      expect(
        (r.attack as { techniques: string[] } | undefined)?.techniques.length,
        String(r.id),
      ).toBeGreaterThan(0);
      expect(['cis', 'threats']).toContain(r.source);
    }
    const stop = rules.find((r) => r.id === 'threats.cloudtrail-stopped')!;
    expect(stop.eventNames).toEqual(['StopLogging']);
    expect(stop.eventSources).toEqual(['cloudtrail.amazonaws.com']);
  });

  it('lists the 57 SigmaHQ CloudTrail rules from a folder (table)', async () => {
    const { code, stdout } = await run(['rules', 'list', '--rules', `${SIGMA}/`]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ID\s+SEVERITY\s+ATT&CK\s+SOURCE\s+NEEDS\s+TITLE/);
    expect(stdout).toContain('AWS CloudTrail Important Change');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('57 rules');
  });

  it('skips an unsupported Sigma rule in a folder (and says why), fails with --strict', async () => {
    writeFileSync(join(dir, 'ok.yml'), SIGMA_STOP_LOGGING);
    writeFileSync(
      join(dir, 'bad.yml'),
      SIGMA_STOP_LOGGING.replace('id: 5c1e2a3b-1111', 'id: 5c1e2a3b-9999').replace(
        'eventName: StopLogging',
        'eventName|expand: "%x%"',
      ),
    );
    const lenient = await run(['rules', 'list', '--rules', `${dir}/`]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(
      /skipped .*bad\.yml: Sigma rule #1 "Trail stopped".*value modifier "expand"/,
    );
    expect(lenient.stdout).toContain('1 rules, 1 skipped');
    const strict = await run(['rules', 'list', '--rules', `${dir}/`, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/bad\.yml.*unsupported Sigma construct: value modifier "expand"/);
  });
});

describe('trailkit rules test', () => {
  it('passes when every test passes (Sigma file with tests)', async () => {
    const file = join(dir, 'stop.yml');
    writeFileSync(file, SIGMA_STOP_LOGGING);
    const { code, stdout } = await run(['rules', 'test', file]);
    expect(stdout).toContain('PASS  5c1e2a3b-1111-4222-8333-444455556666  the real StopLogging shape');
    expect(stdout).toContain('2 passed, 0 failed');
    expect(code).toBe(0);
    // a folder: every rules file inside (the SigmaHQ rules carry no tests, this one does)
    const folder = await run(['rules', 'test', dir]);
    expect(folder.stdout).toContain('2 passed, 0 failed');
  });

  it('exits 1 on a failing test (trailkit rules file with a threshold)', async () => {
    const file = join(dir, 'mine.yaml');
    const event = (n: number) =>
      `{ eventName: ConsoleLogin, errorMessage: Failed authentication, sourceIPAddress: 1.2.3.4, eventTime: '2023-07-10T12:00:0${n}Z', userIdentity: { type: IAMUser, arn: 'arn:aws:iam::1:user/a' } }`;
    writeFileSync(
      file,
      [
        'rules:',
        '  - id: my.login-failures',
        '    title: Three failed sign-ins',
        '    severity: medium',
        '    pattern: \'{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }\'',
        '    threshold: { count: 3, window: 1m }',
        '    tests:',
        '      - name: three in a row',
        '        expect: true',
        `        events: [${event(1)}, ${event(2)}, ${event(3)}]`,
        '      - name: two are not enough (but this test says they are)',
        '        expect: true',
        `        events: [${event(1)}, ${event(2)}]`,
      ].join('\n'),
    );
    const { code, stdout } = await run(['rules', 'test', file, '--format', 'json']);
    expect(code).toBe(1);
    const doc = JSON.parse(stdout) as {
      passed: number;
      failed: number;
      results: Array<{ passed: boolean; findings: number }>;
    };
    expect(doc.passed).toBe(1);
    expect(doc.failed).toBe(1);
    expect(doc.results.map((r) => r.findings)).toEqual([1, 0]);
  });

  it('is a usage error when the files carry no tests', async () => {
    const { code, stderr } = await run(['rules', 'test', join(SIGMA, 'aws_cloudtrail_disable_logging.yml')]);
    expect(code).toBe(2);
    expect(stderr).toContain('no rule tests');
  });
});

describe('trailkit scan --rules <Sigma folder>', () => {
  it('runs the SigmaHQ rules on the samples; findings carry the Sigma id, ATT&CK and author', async () => {
    const { code, stdout } = await run(['scan', DAY, '--rules', `${SIGMA}/`, '-f', 'ndjson']);
    expect(code).toBe(0);
    const findings = parseLines(stdout).filter((l) => l.kind === 'finding');
    const stop = findings.find(
      (f) => (f.rule as { title: string }).title === 'AWS CloudTrail Important Change',
    );
    expect(stop).toBeDefined();
    expect((stop!.rule as Record<string, unknown>).id).toBe('4db60cc0-36fb-42b7-9b58-a5b53019fb74');
    expect((stop!.rule as Record<string, unknown>).author).toBe('vitaliy0x1');
    expect((stop!.rule as { attack: { techniques: string[] } }).attack.techniques).toEqual(['T1685.002']);
  });

  it('takes a glob and a single Sigma file next to a pack', async () => {
    const one = join(SIGMA, 'aws_cloudtrail_disable_logging.yml');
    const { code, stdout } = await run([
      'scan',
      SAMPLES,
      '--rules',
      `cis,${one}`,
      '-f',
      'table',
      '--no-progress',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('4db60cc0-36fb-42b7-9b58-a5b53019fb74');
    const glob = await run(['rules', 'list', '--rules', `${SIGMA}/aws_cloudtrail_*.yml`, '-f', 'json']);
    const { rules } = JSON.parse(glob.stdout) as { rules: unknown[] };
    expect(rules.length).toBeGreaterThan(5);
    expect(rules.length).toBeLessThan(57);
  });
});
