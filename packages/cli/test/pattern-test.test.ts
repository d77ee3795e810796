import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { patternTest, type PatternTestIo } from '../src/pattern-test';
import {
  cliBin,
  DAY,
  parseLines,
  ROOT,
  run,
  SAMPLES,
  sampleRecords,
  STRATUS,
  stratusRecords,
} from './helpers';

function io(stdin?: string): PatternTestIo & { out: () => string } {
  let stdout = '';
  return {
    stdout: {
      write: (s: string) => {
        stdout += s;
        return true;
      },
    },
    stderr: { write: () => true },
    env: {},
    ...(stdin !== undefined && { stdin: Readable.from([Buffer.from(stdin)]) }),
    out: () => stdout,
  };
}

const APACHE = [
  '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
  '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
  '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
].join('\n');

describe('trailkit pattern test', () => {
  it('reads log lines from stdin and reports what a space-delimited pattern extracts (TestMetricFilter shape)', async () => {
    const o = io(`${APACHE}\n`);
    const code = await patternTest(
      '[ip, user, username, timestamp, request, status_code = 200, bytes]',
      [],
      { input: 'auto', format: 'json' },
      o,
    );
    expect(code).toBe(0);
    const out = JSON.parse(o.out()) as { matches: Array<Record<string, unknown>> };
    expect(out.matches.map((m) => m.eventNumber)).toEqual([1, 3]);
    expect(out.matches[0]).toEqual({
      eventNumber: 1,
      eventMessage: APACHE.split('\n')[0],
      extractedValues: {
        $ip: '127.0.0.1',
        $user: '-',
        $username: 'frank',
        $timestamp: '10/Oct/2000:13:25:15 -0700',
        $request: 'GET /apache_pb.gif HTTP/1.0',
        $status_code: '200',
        $bytes: '1534',
      },
    });
  });

  it('exit 1 when nothing matches, with the count', async () => {
    const o = io('ERROR message\nWARN message\n');
    expect(await patternTest('DEBUG', [], { input: 'auto', format: 'text' }, o)).toBe(1);
    expect(o.out()).toBe('0 of 2 events match (terms pattern)\n');
  });

  it('a term pattern on the real CloudTrail samples matches the records whose JSON text has the term', async () => {
    const files = readdirSync(STRATUS)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(STRATUS, f));
    const result = await run(['pattern', 'test', 'AccessDenied', ...files]);
    const expected = stratusRecords().filter((r) => JSON.stringify(r).includes('AccessDenied'));
    expect(expected.length).toBeGreaterThan(0);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${expected.length} of ${stratusRecords().length} events match (terms pattern)`,
    );
    for (const r of expected) expect(result.stdout).toContain(String(r.eventID));
  });

  it('a JSON pattern (CIS unauthorized API calls) on gzip log files', async () => {
    const files = readdirSync(DAY)
      .filter((f) => f.endsWith('.json.gz'))
      .map((f) => join(DAY, f));
    const result = await run([
      'pattern',
      'test',
      '--format',
      'json',
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
      ...files,
    ]);
    const expected = sampleRecords().filter(
      (r) =>
        typeof r.errorCode === 'string' &&
        (r.errorCode.endsWith('UnauthorizedOperation') || r.errorCode.startsWith('AccessDenied')),
    );
    const out = JSON.parse(result.stdout) as { matches: Array<{ eventMessage: string }> };
    expect(
      out.matches.map((m) => (JSON.parse(m.eventMessage) as { eventID: string }).eventID).sort(),
    ).toEqual(expected.map((r) => r.eventID).sort());
    expect(expected.length).toBeGreaterThan(0);
    expect(result.code).toBe(0);
  });

  it('a bad pattern is a usage error (exit 2) with a caret', async () => {
    const result = await run(['pattern', 'test', 'us-east-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('double quotes');
    expect(result.stderr).toContain('^');
  });

  it('the binary reads stdin by default', () => {
    const result = spawnSync(process.execPath, [cliBin(), 'pattern', 'test', '?ERROR ?WARN'], {
      cwd: ROOT,
      encoding: 'utf8',
      input: 'ERROR one\nINFO two\nWARN three\n',
      env: { ...process.env, CI: '1' },
    });
    expect(result.stdout).toBe('#1 ERROR one\n#3 WARN three\n2 of 3 events match (terms pattern)\n');
    expect(result.status).toBe(0);
  });

  it('scan --pattern takes a term pattern (issue 24: "only JSON filter patterns are supported")', async () => {
    const result = await run(['scan', SAMPLES, '--pattern', 'AccessDenied', '--format', 'ndjson']);
    expect(result.code).toBe(0);
    const expected = [...sampleRecords(), ...stratusRecords()]
      .filter((r) => JSON.stringify(r).includes('AccessDenied'))
      .map((r) => r.eventID)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(
      parseLines(result.stdout)
        .map((e) => e.eventID)
        .sort(),
    ).toEqual(expected);
  });
});
