import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, parseLines, runBin, SAMPLES, sampleRecords, stratusRecords } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailkit-bin-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('trailkit binary (child process)', () => {
  it('--format ndjson: stdout is exactly one event per line; --summary goes to stderr', () => {
    const { code, stdout, stderr } = runBin(['scan', 'samples', '--format', 'ndjson', '--summary']);
    expect(code).toBe(0);
    const lines = parseLines(stdout);
    expect(lines).toHaveLength(sampleRecords().length + stratusRecords().length);
    for (const line of lines) expect(typeof line.eventID).toBe('string');
    // samples/README.md is not a log file: said, then the summary
    const [skipped, json] = stderr.trimEnd().split('\n');
    expect(skipped).toBe(
      'trailkit: skipped 1 path: not .json, .jsonl or .ndjson (optionally .gz) (--verbose names them)',
    );
    const summary = JSON.parse(json!) as {
      objects: number;
      events: { read: number; passed: number; invalid: number };
    };
    expect(summary.events).toMatchObject({ read: lines.length, passed: lines.length, invalid: 0 });
  });

  it('--fail-on exits 1 when findings exist at or above it', () => {
    const { code, stdout } = runBin([
      'scan',
      SAMPLES,
      '--rules',
      'cis,threats',
      '--fail-on',
      'info',
      '-f',
      'ndjson',
    ]);
    expect(code).toBe(1);
    const findings = parseLines(stdout);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.kind === 'finding')).toBe(true);
  });

  it('usage errors: exit 2, one clear line, no stack trace', () => {
    const missing = runBin(['scan', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^trailkit: .*nope/);
    expect(missing.stderr).not.toContain('    at ');
    const unknown = runBin(['scan', DAY, '--no-such-option']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^trailkit: unknown option '--no-such-option'/);
  });

  it('bad input under --on-invalid fail: exit 2 naming the file', () => {
    const bad = join(dir, 'broken.json.gz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    const { code, stderr } = runBin(['scan', bad, '--on-invalid', 'fail']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^trailkit: .*broken\.json\.gz/);
  });

  it('unexpected errors: exit 3 with the message; the stack only with TRAILKIT_DEBUG=1', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const args = ['scan', join(SAMPLES, 'stratus-red-team'), '--out', join(blocker, 'out'), '-f', 'ndjson'];
    const plain = runBin(args);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toMatch(/trailkit: unexpected error: .*a-file/);
    expect(plain.stderr).not.toContain('    at ');
    const debug = runBin(args, { TRAILKIT_DEBUG: '1' });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toContain('    at ');
  });

  it('--version', () => {
    const { code, stdout } = runBin(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
