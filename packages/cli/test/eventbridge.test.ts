import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLines, run, stratusRecords } from './helpers';

// The real StopLogging detonation record (Stratus Red Team), wrapped as EventBridge delivers it.
const stop = stratusRecords().find((r) => r.eventName === 'StopLogging') as Record<string, unknown>;
const wrapped = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.cloudtrail',
  account: stop.recipientAccountId,
  time: stop.eventTime,
  region: stop.awsRegion,
  resources: [],
  detail: stop,
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailkit-eventbridge-'));
  writeFileSync(join(dir, 'eventbridge.json'), JSON.stringify(wrapped));
  writeFileSync(join(dir, 'bare.json'), JSON.stringify(stop));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trailkit scan of EventBridge events', () => {
  it('finds StopLogging inside an EventBridge event as in the bare record', async () => {
    const findings = async (file: string) => {
      const { code, stdout } = await run(['scan', join(dir, file), '--rules', 'threats,cis', '-f', 'ndjson']);
      expect(code).toBe(0);
      return parseLines(stdout).map((f) => [(f.rule as { id: string }).id, f.severity]);
    };
    const bare = await findings('bare.json');
    expect(bare.some(([, severity]) => severity === 'high')).toBe(true);
    expect(await findings('eventbridge.json')).toEqual(bare);
  });
});
