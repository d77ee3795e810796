import { describe, expect, it } from 'vitest';
import { run, SAMPLES } from './helpers';

/** The run summary `--summary` prints (last stderr line), without what differs between runs. */
function summaryOf(stderr: string): Record<string, unknown> {
  const s = JSON.parse(stderr.trim().split('\n').at(-1) as string) as Record<string, unknown>;
  const { durationMs: _d, workers: _w, ...rest } = s;
  return rest;
}

describe('trailkit scan --workers', () => {
  it('--rules cis,threats: the same findings, byte for byte, with 1 and 2 threads', async () => {
    const one = await run([
      'scan',
      SAMPLES,
      '--rules',
      'cis,threats',
      '--format',
      'ndjson',
      '--summary',
      '--workers',
      '1',
    ]);
    const two = await run([
      'scan',
      SAMPLES,
      '--rules',
      'cis,threats',
      '--format',
      'ndjson',
      '--summary',
      '--workers',
      '2',
    ]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.stdout.split('\n').length).toBeGreaterThan(100);
    expect(two.stdout).toBe(one.stdout);
    expect(summaryOf(two.stderr)).toEqual(summaryOf(one.stderr));
    expect((JSON.parse(two.stderr.trim().split('\n').at(-1) as string) as { workers?: number }).workers).toBe(
      2,
    );
  }, 60_000);

  it('events with a --pattern: the same lines with 1 and 2 threads', async () => {
    const args = ['scan', SAMPLES, '--pattern', '{ $.readOnly IS FALSE }', '--format', 'ndjson', '--summary'];
    const one = await run([...args, '--workers', '1']);
    const two = await run([...args, '--workers', '2']);
    expect(one.code).toBe(0);
    expect(one.stdout.length).toBeGreaterThan(1000);
    expect(two.stdout).toBe(one.stdout);
    expect(summaryOf(two.stderr)).toEqual(summaryOf(one.stderr));
  }, 60_000);

  it('usage errors: a bad count, a remote input, --dedupe', async () => {
    const bad = await run(['scan', SAMPLES, '--workers', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--workers: "0" must be auto or a positive integer/);
    const remote = await run(['scan', 's3://bucket/AWSLogs/', '--workers', '2']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/--workers applies to local paths inputs only/);
    const dedupe = await run(['scan', SAMPLES, '--workers', '2', '--dedupe']);
    expect(dedupe.code).toBe(2);
    expect(dedupe.stderr).toMatch(/--dedupe needs every event on one thread/);
  });
});
