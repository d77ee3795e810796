import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConfigError, SEVERITIES } from '@trailkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { main, optionsFromEnv } from '../src/main';
import { type HttpReceiver, startHttpReceiver } from '@trailkit/testing';

interface Message {
  text: string;
  blocks: Array<{
    type: string;
    text?: { text: string };
    fields?: Array<{ text: string }>;
    elements?: Array<{ text?: string }>;
  }>;
}

let receiver: HttpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** Findings a message carries: a grouped message has one section per finding, a single one has one. */
function findingsIn(m: Message): number {
  const header = m.blocks[0]?.text?.text ?? '';
  if (/\(\d+ findings/.test(header)) return m.blocks.filter((b) => b.type === 'section').length;
  return header.startsWith('CloudTrail events') ? 0 : 1;
}

function expectWithinSlackLimits(m: Message): void {
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  expect(m.text.length).toBeLessThanOrEqual(40_000);
  for (const b of m.blocks) {
    if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
  }
}

describe('alerts-to-slack example', () => {
  it('scans the bundled samples and posts every high/critical finding to a Slack webhook', async () => {
    receiver = await startHttpReceiver();
    const summary = await main({
      target: { webhookUrl: receiver.url },
      minSeverity: 'high',
      rateLimitPerSecond: 100,
    });
    expect(summary.events.read).toBe(2474 + 276);
    const expected = summary.findings.bySeverity.high + summary.findings.bySeverity.critical;
    expect(expected).toBeGreaterThan(0);
    const messages = receiver.received.map((r) => JSON.parse(r.body) as Message);
    messages.forEach(expectWithinSlackLimits);
    expect(messages.reduce((n, m) => n + findingsIn(m), 0)).toBe(expected);
    expect(summary.sinks[0]?.written).toBe(expected);
    // Nothing below the threshold went out.
    for (const m of messages) expect(m.blocks[0]?.text?.text).toMatch(/(HIGH|CRITICAL):/);
  });

  it('uses chat.postMessage with a bearer token when configured by environment', async () => {
    receiver = await startHttpReceiver((_req, _i, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    const options = optionsFromEnv({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_CHANNEL: 'C0SEC',
      SLACK_API_URL: receiver.url.replace('/hook', '/api/'),
      MIN_SEVERITY: 'high',
      RATE_LIMIT_PER_SECOND: '100',
    });
    const summary = await main(options);
    expect(summary.findings.bySeverity.high).toBeGreaterThan(0);
    expect(receiver.received.length).toBeGreaterThan(0);
    for (const r of receiver.received) {
      expect(r.url).toBe('/api/chat.postMessage');
      expect(r.headers.authorization).toBe('Bearer xoxb-test-token');
      expect(JSON.parse(r.body).channel).toBe('C0SEC');
    }
  });

  it('rejects missing or bad settings with ConfigError', () => {
    expect(() => optionsFromEnv({})).toThrow(ConfigError);
    expect(() => optionsFromEnv({ SLACK_WEBHOOK_URL: 'http://x', MIN_SEVERITY: 'urgent' })).toThrow(
      /MIN_SEVERITY/,
    );
    expect(SEVERITIES).toContain(optionsFromEnv({ SLACK_WEBHOOK_URL: 'http://x' }).minSeverity);
  });

  it('runs as a script configured by environment variables', async () => {
    receiver = await startHttpReceiver();
    const script = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', script],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: {
          ...process.env,
          SLACK_WEBHOOK_URL: receiver.url,
          MIN_SEVERITY: 'high',
          RATE_LIMIT_PER_SECOND: '100',
          TRAILKIT_PATHS: fileURLToPath(new URL('../../../samples/stratus-red-team/', import.meta.url)),
        },
      },
    );
    expect(stdout).toMatch(/^276 events, \d+ findings; \d+ sent to Slack in \d+ write\(s\)/);
    const sent = Number(/(\d+) sent to Slack/.exec(stdout)?.[1]);
    expect(sent).toBeGreaterThan(0);
    const carried = receiver.received.reduce((n, r) => n + findingsIn(JSON.parse(r.body) as Message), 0);
    expect(carried).toBe(sent);
  });
});
