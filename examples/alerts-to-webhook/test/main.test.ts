import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConfigError, type DeadLetter, type Finding } from '@trailkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, optionsFromEnv } from '../src/main';
import { createReceiver } from '../src/receiver';

const SECRET = 'whsec_example_secret';
const STRATUS = fileURLToPath(new URL('../../../samples/stratus-red-team/', import.meta.url));

let dir: string;
let server: Server | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alerts-to-webhook-'));
});
afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function listen(s: Server): Promise<string> {
  server = s;
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/trailkit`;
}

/** Lines of every NDJSON file under `root`. */
function deadLetters(root: string): unknown[] {
  const out: unknown[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ndjson')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const line of text.split('\n')) if (line) out.push(JSON.parse(line));
  }
  return out;
}

describe('alerts-to-webhook example', () => {
  it('delivers every finding at or above the threshold to a verifying receiver', async () => {
    const received: Finding[] = [];
    const batches: string[] = [];
    const url = await listen(
      createReceiver({
        secret: SECRET,
        onFindings: (f, id) => {
          received.push(...f);
          batches.push(id);
        },
      }),
    );
    const summary = await main({ url, secret: SECRET, deadLetterDir: dir, minSeverity: 'medium' });
    expect(summary.events.read).toBe(2474 + 276);
    const expected =
      summary.findings.bySeverity.medium +
      summary.findings.bySeverity.high +
      summary.findings.bySeverity.critical;
    expect(expected).toBeGreaterThan(0);
    expect(received).toHaveLength(expected);
    expect(summary.sinks[0]?.written).toBe(expected);
    expect(new Set(received.map((f) => f.id)).size).toBe(expected);
    expect(received.every((f) => ['medium', 'high', 'critical'].includes(f.severity))).toBe(true);
    expect(new Set(batches).size).toBe(batches.length);
    expect(deadLetters(dir)).toEqual([]);
  });

  it('keeps batches the receiver refuses (wrong secret: 401, not retried) in the dead-letter folder', async () => {
    let requests = 0;
    const receiver = createReceiver({ secret: 'another-secret', onFindings: () => undefined });
    receiver.on('request', () => requests++);
    const url = await listen(receiver);
    const summary = await main({
      url,
      secret: SECRET,
      deadLetterDir: dir,
      paths: [STRATUS],
      minSeverity: 'high',
      batchSize: 10,
    });
    const expected = summary.findings.bySeverity.high + summary.findings.bySeverity.critical;
    expect(expected).toBeGreaterThan(0);
    // The run's dead letter wraps each finding: { kind: 'dead-letter', sink, error, attempts, item }.
    const dead = deadLetters(dir) as DeadLetter[];
    expect(dead).toHaveLength(expected);
    expect(dead.every((d) => d.kind === 'dead-letter' && (d.item as Finding).kind === 'finding')).toBe(true);
    expect(summary.sinks[0]).toMatchObject({ written: 0, deadLettered: expected });
    expect(requests).toBe(Math.ceil(expected / 10));
  });

  it('retries when the receiver fails (503) and delivers each batch once', async () => {
    const received: Finding[] = [];
    let failures = 2;
    const url = await listen(
      createReceiver({
        secret: SECRET,
        onFindings: (f) => {
          if (failures-- > 0) throw new Error('database down');
          received.push(...f);
        },
      }),
    );
    const summary = await main({
      url,
      secret: SECRET,
      deadLetterDir: dir,
      paths: [STRATUS],
      minSeverity: 'high',
      minRetryDelayMs: 10,
    });
    expect(received.length).toBe(summary.sinks[0]?.written);
    expect(received.length).toBeGreaterThan(0);
    expect(deadLetters(dir)).toEqual([]);
  });

  it('reads its settings from the environment', () => {
    expect(() => optionsFromEnv({})).toThrow(ConfigError);
    expect(() => optionsFromEnv({ WEBHOOK_URL: 'http://x', MIN_SEVERITY: 'severe' })).toThrow(/MIN_SEVERITY/);
    expect(optionsFromEnv({ WEBHOOK_URL: 'http://x', WEBHOOK_SECRET: 's', BATCH_SIZE: '5' })).toMatchObject({
      url: 'http://x',
      secret: 's',
      batchSize: 5,
      minSeverity: 'medium',
      deadLetterDir: 'dead-letter',
    });
  });

  it('runs as a script configured by environment variables', async () => {
    const received: Finding[] = [];
    const url = await listen(createReceiver({ secret: SECRET, onFindings: (f) => void received.push(...f) }));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', fileURLToPath(new URL('../src/main.ts', import.meta.url))],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: {
          ...process.env,
          WEBHOOK_URL: url,
          WEBHOOK_SECRET: SECRET,
          DEAD_LETTER_DIR: dir,
          TRAILKIT_PATHS: STRATUS,
          MIN_SEVERITY: 'high',
        },
      },
    );
    const m = /^276 events, \d+ findings; (\d+) delivered/.exec(stdout);
    expect(m).not.toBeNull();
    expect(received.length).toBe(Number(m?.[1]));
    expect(received.length).toBeGreaterThan(0);
  });
});
