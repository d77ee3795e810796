import { expect, inject } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { TrailEvent } from '@trailkit/core';
import type { CliIo } from '../src/index';
import { main } from '../src/index';

/** The repository root and its bundled real samples. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SAMPLES = join(ROOT, 'samples');
export const DAY = join(SAMPLES, 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10');
export const STRATUS = join(SAMPLES, 'stratus-red-team');

/** Oracle: every record of the AWSLogs sample tree, read with JSON.parse. */
export function sampleRecords(): TrailEvent[] {
  return readdirSync(DAY)
    .filter((f) => f.endsWith('.json.gz'))
    .flatMap(
      (f) =>
        (JSON.parse(gunzipSync(readFileSync(join(DAY, f))).toString()) as { Records: TrailEvent[] }).Records,
    );
}

/** Oracle: every record of the Stratus Red Team detonation logs (JSON arrays). */
export function stratusRecords(): TrailEvent[] {
  return readdirSync(STRATUS)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(join(STRATUS, f), 'utf8')) as TrailEvent[]);
}

/** Result of one CLI run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `main()` in-process with captured output (not a TTY, CI set). */
export async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (s) => {
        stdout += s;
        return true;
      },
    },
    stderr: {
      write: (s) => {
        stderr += s;
        return true;
      },
    },
    env: { CI: '1', ...env },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** The `trailkit` binary, bundled from source for this test run (`test/global-setup.ts`). */
export const cliBin = (): string => inject('cliBin');

/**
 * Run `main()` in-process with stderr as a terminal (`isTTY`, `columns`), so the progress bar draws; CI is
 * unset. Returns what stderr received, cursor codes included.
 */
export async function runOnTerminal(
  args: string[],
  env: Record<string, string | undefined> = {},
  columns = 200,
): Promise<RunResult> {
  const { PassThrough } = await import('node:stream');
  const terminal = Object.assign(new PassThrough(), { isTTY: true, columns });
  let stderr = '';
  terminal.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let stdout = '';
  const io: CliIo = {
    stdout: {
      write: (s) => {
        stdout += s;
        return true;
      },
    },
    stderr: terminal,
    env: { ...env, CI: undefined, TRAILKIT_NO_PROGRESS: undefined },
  };
  const code = await main(args, io);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout, stderr };
}

/** Run the real `trailkit` binary (bundled from source) as a child process. */
export function runBin(args: string[], env: Record<string, string> = {}): RunResult {
  const result = spawnSync(process.execPath, [cliBin(), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', TRAILKIT_DEBUG: '', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Like {@link runBin}, without blocking this process (for servers running in the test process). */
export function runBinAsync(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const child = spawn(process.execPath, [cliBin(), ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', TRAILKIT_DEBUG: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Parse NDJSON output, failing on any line that is not a JSON object. */
export function parseLines(text: string): Record<string, unknown>[] {
  if (text === '') return [];
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const value = JSON.parse(line) as unknown;
      expect(typeof value).toBe('object');
      return value as Record<string, unknown>;
    });
}
