import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/rule-pack';
import { runRuleTests } from '../../src/rules/rule-tests';

const rule = (id: string, name: string, extra = '') => `title: ${name}
id: ${id}
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName: ${name}
  condition: selection
${extra}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailkit-sigma-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadRules with Sigma files, folders and globs', () => {
  it('reads a folder recursively and a glob; skips unsupported rules there unless strict', async () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.yml'), rule('00000000-0000-4000-8000-00000000000a', 'StopLogging'));
    writeFileSync(join(dir, 'sub', 'b.yaml'), rule('00000000-0000-4000-8000-00000000000b', 'DeleteTrail'));
    writeFileSync(
      join(dir, 'c.yml'),
      rule('00000000-0000-4000-8000-00000000000c', 'X').replace('eventName:', 'eventName|expand:'),
    );
    const skipped: string[] = [];
    const all = await loadRules(`cis,${dir}/`, { onSkipped: (e) => skipped.push(e.construct) });
    expect(all.filter((r) => !r.id.startsWith('cis.')).map((r) => r.id)).toEqual([
      '00000000-0000-4000-8000-00000000000a',
      '00000000-0000-4000-8000-00000000000b',
    ]);
    expect(skipped).toEqual(['value modifier "expand" (in "eventName|expand")']);
    await expect(loadRules(`${dir}/`, { strict: true })).rejects.toThrow(/c\.yml: Sigma rule #1 "X"/);
    // a file named on its own is strict
    await expect(loadRules(join(dir, 'c.yml'))).rejects.toThrow(/unsupported Sigma construct/);
    const globbed = await loadRules('*.yml', { cwd: dir, onSkipped: () => {} });
    expect(globbed.map((r) => r.id)).toEqual(['00000000-0000-4000-8000-00000000000a']);
    await expect(loadRules(`${dir}/sub/*.json`)).rejects.toThrow(/holds no .yaml\/.yml\/.json rules files/);
  });

  it('runs the tests a file carries, each on a fresh rule', async () => {
    const file = join(dir, 't.yml');
    writeFileSync(
      file,
      rule(
        '00000000-0000-4000-8000-00000000000d',
        'StopLogging',
        'tests:\n  - { name: hit, expect: match, event: { eventName: StopLogging } }\n  - { name: wrong, expect: match, event: { eventName: StartLogging } }\n',
      ),
    );
    const results = await runRuleTests(file);
    expect(results.map((r) => [r.name, r.passed, r.findings])).toEqual([
      ['hit', true, 1],
      ['wrong', false, 0],
    ]);
  });
});
