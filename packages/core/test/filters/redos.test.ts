import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findReal } from '../rules/fixtures';
import { tempDir } from '../temp-dir';

const CORE = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./redos-scan.ts', import.meta.url));
/** Generous: the scan below takes a few seconds at most on a loaded 2-core machine; backtracking takes hours. */
// Generous: a backtracking engine needs hours on these inputs; a loaded 2-core CI machine needs seconds.
const BOUND_MS = 60_000;

/** Run the scan in a child process; kill it past `BOUND_MS` (a hung regex would not end on its own). */
function scan(events: string, patterns: string): Promise<{ ms: number; out: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', SCRIPT, events, patterns],
      {
        cwd: CORE,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, BOUND_MS);
    onTestFinished(() => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !timedOut) reject(new Error(`scan failed (${code}): ${err}`));
      else resolve({ ms: Date.now() - started, out, timedOut });
    });
  });
}

/** 100,000 pseudo-random "a"/"b" characters (the worst input for a regex of many states). */
function randomAB(): string {
  let s = '';
  let x = 1;
  for (let i = 0; i < 100_000; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += (x >> 16) & 1 ? 'a' : 'b';
  }
  return s;
}

describe('ReDoS: a scan of hostile events ends within a bound (child process)', () => {
  it('event text cannot make %regex% patterns backtrack', async () => {
    const dir = await tempDir('trailkit-redos-');
    const real = findReal((e) => typeof e.userAgent === 'string');
    const hostile = [
      // `.*.*.*=` on 100 KB without "=": cubic with a backtracking engine (>15 s in the security test)
      `${'x'.repeat(100_000)}`,
      `${'x'.repeat(100_000)}=`,
      // the 30-character user agent of the security test
      `${'a'.repeat(30)}!`,
      // many-state regexes at the default size limit on 100 KB of their worst input
      `${randomAB()}c`,
      `${randomAB()}d`,
    ];
    const lines = hostile.map((userAgent) => JSON.stringify({ ...real, userAgent })).join('\n');
    await writeFile(join(dir, 'events.ndjson'), `${lines}\n`);
    const patterns = [
      '{ $.userAgent = %.*.*.*=% }',
      '{ $.userAgent = %a*a*a*a*a*a*$% || $.userAgent = %[ab]*[ab]*[ab]*[ab]*c$% }',
      '{ $.userAgent = %a[ab]{126}c|b[ab]{126}d% }',
      '{ $.userAgent = %\\w+\\w+\\w+\\w+\\x21% }',
    ];
    await writeFile(join(dir, 'patterns.json'), JSON.stringify(patterns));

    const { ms, out, timedOut } = await scan(join(dir, 'events.ndjson'), join(dir, 'patterns.json'));

    expect(timedOut, `scan still running after ${BOUND_MS} ms`).toBe(false);
    expect(ms).toBeLessThan(BOUND_MS);
    // the answers are those of JavaScript's RegExp (here on inputs where it ends quickly)
    const many = hostile.filter((t) => /a[ab]{126}c|b[ab]{126}d/.test(t)).length;
    expect(JSON.parse(out)).toEqual({ events: 5, matches: [1, 5, many, 1] });
  }, 120_000);
});
